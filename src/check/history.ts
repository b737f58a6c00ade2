/**
 * Reading a run's event history (src/protocols/runtime/history.ts) for the judges: the protocol
 * predicates (check/protocol.ts), the protocol fuzzer and the tests read what happened from
 * here — what the nodes and links recorded —, never from the actors. `parseHistory` reads a
 * `trace.jsonl` back.
 */
import type { HistoryEvent, HistoryRecord, RecordOf, RunStatus } from '../protocols/runtime/history.ts';

const EVENTS: ReadonlySet<string> = new Set<HistoryEvent>([
  'send',
  'dup',
  'deliver',
  'drop',
  'timeout',
  'resend',
  'crash',
  'omit',
  'aggregate',
  'step',
  'filter',
  'pull',
  'gather',
  'accuse',
  'ban',
  'round',
  'spread',
  'clip',
  'end',
]);

export class HistoryReader {
  private readonly byEvent = new Map<string, HistoryRecord[]>();

  constructor(readonly records: readonly HistoryRecord[]) {
    for (const r of records) {
      const list = this.byEvent.get(r.ev);
      if (list) list.push(r);
      else this.byEvent.set(r.ev, [r]);
    }
  }

  /** Every record of event `ev`, in history order. */
  of<E extends HistoryEvent>(ev: E): readonly RecordOf<E>[] {
    return (this.byEvent.get(ev) ?? []) as RecordOf<E>[];
  }

  /** The aggregations by `node` (any node when undefined) of messages of `kind` (any when undefined). */
  aggregations(node?: string, kind?: string): readonly RecordOf<'aggregate'>[] {
    return this.of('aggregate').filter((r) => (node === undefined || r.node === node) && (kind === undefined || r.kind === kind));
  }

  /** The steps `node` finished (every node's when undefined). */
  steps(node?: string): readonly RecordOf<'step'>[] {
    return node === undefined ? this.of('step') : this.of('step').filter((r) => r.node === node);
  }

  /** The nodes that crashed (a scheduled crash or a crash at a step), in the order they did. */
  crashed(): readonly string[] {
    return [...new Set(this.of('crash').map((r) => r.node))];
  }

  /** The filter decisions of `node` (any when undefined), only acceptances or rejections when `accept` is given. */
  filters(node?: string, accept?: boolean): readonly RecordOf<'filter'>[] {
    return this.of('filter').filter((r) => (node === undefined || r.node === node) && (accept === undefined || r.accept === accept));
  }

  /** The targets banned, with the step from which each is out (the first ban of each). */
  banned(): ReadonlyMap<string, number> {
    const out = new Map<string, number>();
    for (const r of this.of('ban')) if (!out.has(r.target)) out.set(r.target, r.step);
    return out;
  }

  /** How the run ended (its last record), if the history is complete. */
  end(): RecordOf<'end'> | undefined {
    const last = this.records.at(-1);
    return last?.ev === 'end' ? last : undefined;
  }

  get status(): RunStatus | undefined {
    return this.end()?.status;
  }
}

/** A `trace.jsonl` read back: one record per non-empty line; a line that is not a record is a one-line error naming it. */
export function parseHistory(text: string, source = 'trace.jsonl'): HistoryRecord[] {
  const out: HistoryRecord[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      throw new Error(`${source}:${i + 1}: not JSON: ${line.slice(0, 60)}`);
    }
    const r = rec as { t?: unknown; ev?: unknown };
    if (typeof rec !== 'object' || rec === null || typeof r.t !== 'number' || typeof r.ev !== 'string' || !EVENTS.has(r.ev))
      throw new Error(`${source}:${i + 1}: not a history record (needs a number t and a known ev): ${line.slice(0, 60)}`);
    out.push(rec as HistoryRecord);
  });
  return out;
}
