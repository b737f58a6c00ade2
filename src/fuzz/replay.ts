/**
 * The replayable cases the fuzzers write on a violation, and their replay: a GAR case
 * (`byzsim fuzz gar`: the rule, its parameters, the vectors, the honest set, the threshold it
 * broke) or a protocol case (`byzsim fuzz protocol`: the protocol, its resolved settings, the
 * network it ran on, the schedule). Files are checked by scenario/checks/cases.ts before a
 * replay; `replay` re-executes a checked case deterministically and says whether the same
 * violation happens again.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePipeline } from '../gars/index.ts';
import type { FuzzCase } from './gar-fuzz.ts';
import { binomialSmall, distanceScan, isUnbounded, judge } from './gar-fuzz.ts';
import type { ProtocolSpec, Violation } from '../check/protocol.ts';
import { PROTOCOLS } from '../protocols/index.ts';
import type { PredicateViolation } from '../protocols/types.ts';
import type { AnyCase, GarCaseFile, ProtocolCaseFile, RegistryCaseFile } from '../scenario/checks/cases.ts';
import type { FuzzBench } from './registry-fuzz.ts';
import { ASYNC_NETWORK, runCase, type CaseNetwork, type ScheduleCase } from './protocol-fuzz.ts';

export const CASE_VERSION = 1;

/** What a GAR case needs to be judged again: the threshold it broke, and whether it broke it by growing without bound. */
export interface GarVerdict {
  readonly threshold: number;
  readonly thresholdSource: string;
  readonly unbounded: boolean;
}

/** Write a GAR case as `<dir>/<rule>-n<n>-f<f>-seed<seed>.json`; returns the path. */
export function writeCase(dir: string, c: FuzzCase, verdict?: GarVerdict): string {
  mkdirSync(dir, { recursive: true });
  const name = `${c.rule.replace(/[^a-z0-9-]+/gi, '_')}-n${c.n}-f${c.f}-seed${c.seed}.json`;
  const extra = verdict ? { threshold: jsonNumber(verdict.threshold), thresholdSource: verdict.thresholdSource, unbounded: verdict.unbounded } : {};
  return writeJson(join(dir, name), { version: CASE_VERSION, kind: 'gar', ...c, ratio: jsonNumber(c.ratio), ...extra });
}

/** A protocol case as written: the protocol, its spec, the network, the schedule, the violation found. */
export interface ProtocolCaseOut {
  readonly protocol: 'ps';
  readonly spec: ProtocolSpec;
  readonly expectLive: boolean | null;
  readonly case: ScheduleCase;
  readonly network?: CaseNetwork;
  readonly violation?: Violation;
}

/** Write a protocol case as `<dir>/<name>` (default `counterexample.json`); returns the path. */
export function writeProtocolCase(dir: string, c: ProtocolCaseOut, name = 'counterexample.json'): string {
  mkdirSync(dir, { recursive: true });
  return writeJson(join(dir, name), { version: CASE_VERSION, kind: 'protocol', ...c });
}

/** Write a text file whole or not at all (a temporary file, then renamed over the target). */
export function writeText(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function writeJson(path: string, data: unknown): string {
  writeText(path, `${JSON.stringify(data, null, 1)}\n`);
  return path;
}

function jsonNumber(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

/** Re-run a recorded case: the rule's output and the ratio it gives now (over every S when small). */
export function replayCase(path: string): { recorded: number; ratio: number; subset: number[]; case: FuzzCase } {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as FuzzCase & { version: number; ratio: number | string };
  if (raw.version !== CASE_VERSION) throw new Error(`${path}: unknown case version ${raw.version}`);
  return replayGarCase(raw);
}

/** Replay a case already read (and validated: `byzsim fuzz replay` checks the file first, scenario/checks/cases.ts). */
export function replayGarCase(raw: Omit<FuzzCase, 'ratio' | 'steps'> & { steps?: FuzzCase['steps']; ratio?: number | string }): {
  recorded: number;
  ratio: number;
  subset: number[];
  case: FuzzCase;
} {
  const steps = raw.steps ?? parsePipeline(raw.rule).map((s, i, all) => (i === all.length - 1 ? { ...s, params: { ...raw.params } } : s));
  const j = judge(steps, raw, raw.convention, raw.seed, binomialSmall(raw.n, raw.f));
  return { recorded: Number(raw.ratio), ratio: j.ratio, subset: j.subset, case: { ...raw, steps, ratio: Number(raw.ratio) } };
}

export interface GarReplay {
  readonly kind: 'gar';
  readonly case: GarCaseFile;
  readonly recorded: number;
  readonly ratio: number;
  readonly subset: number[];
  /** The threshold the case broke (absent in a case written before thresholds were recorded). */
  readonly threshold?: number;
  readonly unbounded: boolean;
  /** The same violation again: ratio above the threshold, or (an unbounded case) still growing without bound. */
  readonly violated: boolean;
}

export interface ProtocolReplay {
  readonly kind: 'protocol';
  readonly case: ProtocolCaseFile;
  readonly violation?: Violation;
  /** A violation of the recorded property (of any, when none was recorded) came back. */
  readonly violated: boolean;
}

export interface RegistryReplay {
  readonly kind: 'registry';
  readonly case: RegistryCaseFile;
  readonly violations: readonly PredicateViolation[];
  /** A violation of the recorded property (of any, when none was recorded) came back. */
  readonly violated: boolean;
}

/** Re-run a case of a protocol's registry fuzz entry: its configuration validated again, the same case, the same predicates. */
export async function replayRegistry(c: RegistryCaseFile, bench?: FuzzBench): Promise<RegistryReplay> {
  const def = PROTOCOLS.get(c.protocol);
  if (def === undefined) throw new Error(`protocol: ${c.protocol} — unknown protocol (known: ${[...PROTOCOLS.keys()].join(', ')})`);
  const { fuzzBench, fuzzEntry, parseConfig, runRegistryCase } = await import('./registry-fuzz.ts'); // the learning stack, only for these cases
  const predicates = await fuzzEntry(def, PROTOCOLS.values()).predicates();
  const base = parseConfig(c.config, c.unsafe);
  const out = await runRegistryCase(bench ?? (def.fuzz?.skeleton ? undefined : await fuzzBench()), def, base, c.case, { unsafe: c.unsafe, predicates });
  const recorded = c.violation?.property;
  return { kind: 'registry', case: c, violations: out.violations, violated: out.violations.some((v) => recorded === undefined || v.property === recorded) };
}

/** Re-run a checked case (GAR, PS skeleton or registry protocol case) deterministically. */
export async function replay(c: AnyCase): Promise<GarReplay | ProtocolReplay | RegistryReplay> {
  if (c.kind === 'registry') return replayRegistry(c.case);
  if (c.kind === 'protocol') {
    const p = c.case;
    const v = runCase(p.spec, p.case as ScheduleCase, p.expectLive ?? undefined, (p.network as CaseNetwork | undefined) ?? ASYNC_NETWORK);
    return {
      kind: 'protocol',
      case: p,
      ...(v ? { violation: v } : {}),
      violated: v !== undefined && (p.violation === undefined || p.violation.property === v.property),
    };
  }
  const g = c.case;
  const r = replayGarCase(g as Parameters<typeof replayGarCase>[0]);
  const gc = { n: g.n, f: g.f, d: g.vectors[0].length, vectors: g.vectors, honest: g.honest };
  const again = (x: typeof gc) => judge(r.case.steps, x, g.convention, g.seed, false).ratio;
  const unbounded = g.unbounded === true && isUnbounded(distanceScan({ ...gc, attack: 'far', seed: g.seed }, again));
  const threshold = g.threshold === undefined ? undefined : Number(g.threshold);
  const violated = (threshold !== undefined && r.ratio > threshold) || unbounded;
  return {
    kind: 'gar',
    case: g,
    recorded: r.recorded,
    ratio: r.ratio,
    subset: r.subset,
    ...(threshold !== undefined ? { threshold } : {}),
    unbounded,
    violated,
  };
}
