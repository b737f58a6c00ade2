/**
 * A protocol counterexample on disk: `DIR/counterexample.json` (everything needed to re-run it:
 * the protocol, its resolved settings, the network it ran on, the seed and the schedule — what
 * `byzsim replay` reads) and `DIR/spacetime.svg`, the case's space-time diagram drawn from its
 * re-run history with the violation highlighted.
 */
import { join } from 'node:path';
import type { Violation } from '../check/protocol.ts';
import type { HistoryRecord } from '../protocols/runtime/history.ts';
import type { SpacetimeMark } from '../report/spacetime.ts';
import { ASYNC_NETWORK, runCaseHistory } from './protocol-fuzz.ts';
import { writeProtocolCase, writeText, type ProtocolCaseOut } from './replay.ts';

/** Where the diagram marks a violation: the aggregation of the step it names (at its node), else the end of the run. */
export function violationMark(v: Violation, records: readonly HistoryRecord[]): SpacetimeMark {
  const label = `${v.property}${v.step !== undefined ? ` at step ${v.step}` : ''}: ${v.detail}`;
  const at = v.step === undefined ? undefined : records.find((r) => r.ev === 'aggregate' && r.step === v.step);
  if (at && at.ev === 'aggregate') return { t: at.t, node: at.node, label };
  const end = records.at(-1);
  return { t: end?.t ?? 0, label };
}

/** Write the case and its diagram into `dir`; returns both paths. */
export async function writeCounterexample(dir: string, c: ProtocolCaseOut): Promise<{ file: string; svg: string }> {
  const file = writeProtocolCase(dir, c);
  const run = runCaseHistory(c.spec, c.case, c.expectLive ?? undefined, c.network ?? ASYNC_NETWORK);
  const v = run.violation ?? c.violation;
  const { spacetime } = await import('../report/spacetime.ts');
  const s = c.spec;
  const title = `${c.protocol} ${s.policy} n=${s.n} f=${s.f} q=${s.quorum}: counterexample`;
  const svg = join(dir, 'spacetime.svg');
  writeText(svg, spacetime(run.records, { title, ...(v ? { violation: violationMark(v, run.records) } : {}) }));
  return { file, svg };
}
