/**
 * `byzsim report --spacetime <dir> [--from ms --to ms]`: the space-time diagram (spacetime.ts) of
 * every traced run under a run directory — `<dir>/trace.jsonl` itself, or each
 * `<dir>/<config>/trace.jsonl` a `byzsim run --trace` wrote — as `spacetime.svg` next to it,
 * clipped to the time window. A trace line that is not a history record is a one-line error.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseHistory } from '../check/history.ts';
import { ReportInputError } from './read.ts';
import { spacetime } from './spacetime.ts';
import { writeAtomic } from './write.ts';

export interface SpacetimeWindow {
  readonly fromMs?: number;
  readonly toMs?: number;
}

/** The trace files under `dir` (itself, then its subdirectories in name order). */
export function traceFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ReportInputError(`report: ${dir} is not a directory`);
  const own = join(dir, 'trace.jsonl');
  const subs = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join(dir, e.name, 'trace.jsonl'))
    .sort();
  return [own, ...subs].filter((f) => existsSync(f));
}

/** Draw `spacetime.svg` beside each trace; returns the files written. */
export function writeSpacetimes(dir: string, window: SpacetimeWindow = {}): string[] {
  const traces = traceFiles(dir);
  if (traces.length === 0) throw new ReportInputError(`report --spacetime: no trace.jsonl under ${dir} (run it with byzsim run --trace)`);
  if (window.fromMs !== undefined && window.toMs !== undefined && window.toMs <= window.fromMs)
    throw new ReportInputError(`--to: ${window.toMs} — must be greater than --from (${window.fromMs})`);
  return traces.map((file) => {
    let records;
    try {
      records = parseHistory(readFileSync(file, 'utf8'), file);
    } catch (e) {
      throw new ReportInputError((e as Error).message);
    }
    const out = join(file, '..', 'spacetime.svg');
    const name = file.split('/').at(-2) ?? dir;
    writeAtomic(out, spacetime(records, { title: `space-time diagram: ${name}`, ...window }));
    return out;
  });
}
