/**
 * A protocol counterexample on disk: `DIR/counterexample.json` (everything needed to re-run it:
 * the protocol, its resolved settings, the network it ran on, the seed and the schedule — what
 * `byzsim replay` reads) and `DIR/spacetime.svg`, the case's space-time diagram drawn from its
 * re-run history with the violation highlighted. A registry protocol's case (`fuzz protocol <name>`)
 * stores the configuration fuzzed in place of the PS skeleton's spec.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Violation } from '../check/protocol.ts';
import type { HistoryRecord } from '../protocols/runtime/history.ts';
import type { PredicateViolation } from '../protocols/types.ts';
import type { RunConfig } from '../scenario/schema.ts';
import type { SpacetimeMark } from '../report/spacetime.ts';
import { ASYNC_NETWORK, runCaseHistory } from './protocol-fuzz.ts';
import type { RegistryCase } from './registry-fuzz.ts';
import { CASE_VERSION, writeProtocolCase, writeText, type ProtocolCaseOut } from './replay.ts';

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

/** A registry protocol's case as written: the protocol, the configuration fuzzed, whether outside its assumptions, the case, the violation. */
export interface RegistryCaseOut {
  readonly protocol: string;
  readonly unsafe: boolean;
  readonly config: RunConfig;
  readonly case: RegistryCase;
  readonly violation: PredicateViolation;
}

/** Where the diagram marks a registry predicate's violation: when it happened (its `t`), else the node's record of its step (a ban of it, its aggregation, its step), else the step's first record, else the end. */
export function predicateMark(v: PredicateViolation, records: readonly HistoryRecord[]): SpacetimeMark {
  const label = `${v.property}${v.step !== undefined ? ` at step ${v.step}` : ''}: ${v.detail}`;
  if (v.t !== undefined) return { t: v.t, ...(v.node !== undefined ? { node: v.node } : {}), label };
  const atStep = v.step === undefined ? [] : records.filter((r) => 'step' in r && r.step === v.step);
  const nodeOf = (r: HistoryRecord) => ('target' in r && r.ev === 'ban' ? r.target : 'node' in r ? r.node : undefined);
  const at = atStep.find((r) => v.node !== undefined && nodeOf(r) === v.node) ?? atStep.find((r) => r.ev === 'spread' || r.ev === 'aggregate') ?? atStep[0];
  if (at) return { t: at.t, ...(v.node !== undefined ? { node: v.node } : {}), label };
  return { t: records.at(-1)?.t ?? 0, label };
}

/** Write a registry protocol's case and the diagram of its history into `dir`; returns both paths. */
export async function writeRegistryCounterexample(dir: string, c: RegistryCaseOut, records: readonly HistoryRecord[]): Promise<{ file: string; svg: string }> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'counterexample.json');
  writeText(file, `${JSON.stringify({ version: CASE_VERSION, kind: 'protocol', ...c }, null, 1)}\n`);
  const { spacetime } = await import('../report/spacetime.ts');
  const title = `${c.protocol}${c.unsafe ? ' (unsafe)' : ''} n=${c.config.workers.n} f=${c.config.workers.f}${c.config.servers ? ` n_ps=${c.config.servers.n} f_ps=${c.config.servers.f}` : ''}: counterexample`;
  const svg = join(dir, 'spacetime.svg');
  writeText(svg, spacetime(records, { title, violation: predicateMark(c.violation, records) }));
  return { file, svg };
}
