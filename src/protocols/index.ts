/**
 * The registry of protocols: the one list validation, the CLI, the sweep and the report's
 * figures iterate. Adding a protocol is a folder `src/protocols/<name>/` (its actors, nodes,
 * bounds, metric fields, figures, run) and one line here. Entries are metadata; each `run` is
 * loaded on demand, so reading the registry does not load TensorFlow.js.
 */
import { btard } from './btard/protocol.ts';
import { dlg } from './dlg/protocol.ts';
import { guanyu } from './guanyu/protocol.ts';
import { liubei } from './liubei/protocol.ts';
import { ps } from './ps/protocol.ts';
import type { ProtocolDef } from './types.ts';

export type { HistoryRecord, RunStatus, StallCode } from './runtime/history.ts';
export type { FigureSpec, MetricField, ProtocolDef, RunInput, RunResult } from './types.ts';

export const PROTOCOLS: ReadonlyMap<string, ProtocolDef> = new Map([ps, guanyu, liubei, btard, dlg].map((p) => [p.name, p]));
