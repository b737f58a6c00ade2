/**
 * Fuzzing the parameter-server protocol under adversarial message schedules (fast-check): the
 * generated case picks every message's delay (through the links' scheduler hook), which honest
 * workers crash and when, and the seed of the loss/duplication draws; the PS registry entry's
 * skeleton run executes it (protocols/ps/fuzz-run.ts: the real actors, constant payloads, the last
 * f workers sending malformed vectors) with the stall detector (limits from the case's own timing:
 * every case ends), and `check/protocol.ts` judges its event history — the registry's safety
 * predicates (protocols/ps/predicates.ts) and liveness where the flags' configuration promises it. The links keep a scenario's network (`CaseNetwork`: its synchrony
 * bounds every generated delay, its partitions cut, its per-link loss and duplication apply).
 * A failure is shrunk and can be written as a replayable case with its space-time diagram.
 */
import fc from 'fast-check';
import { HistoryReader } from '../check/history.ts';
import { judgeProtocol, type ProtocolSpec, type Violation } from '../check/protocol.ts';
import { runPsCase } from '../protocols/ps/fuzz-run.ts';
import type { HistoryRecord } from '../protocols/runtime/history.ts';
import { resendsFor, type Limits } from '../protocols/runtime/limits.ts';
import { runSchema, type RunConfig } from '../scenario/schema.ts';

/** The part of a scenario's network a case keeps: synchrony, partitions, per-link overrides (the delays are the case's). */
export type CaseNetwork = Pick<RunConfig['network'], 'synchrony' | 'partitions' | 'links'>;

export const ASYNC_NETWORK: CaseNetwork = { synchrony: { mode: 'asynchronous' }, partitions: [], links: [] };

export interface ScheduleCase {
  /** Message k takes delays[k mod len] ms (before the synchrony bound). */
  readonly delays: number[];
  /** Honest workers that crash, with their crash times (ms). */
  readonly crashes: [number, number][];
  readonly seed: number;
}

export interface ProtocolFuzzOptions {
  readonly spec: ProtocolSpec;
  /** At most this many honest workers crash in a case. */
  readonly maxCrashes: number;
  /** Demand liveness even where the configuration does not promise it. */
  readonly expectLive?: boolean;
  readonly runs: number;
  readonly seed: number;
  /** The scenario's network (default: asynchronous links, no partition, no override). */
  readonly network?: CaseNetwork;
}

export interface ProtocolFuzzReport {
  readonly runs: number;
  readonly seed: number;
  readonly failure?: { readonly case: ScheduleCase; readonly violation: Violation };
}

/** Bound on events per case (the stall detector ends a livelocked case long before). */
const MAX_EVENTS = 2_000_000;

/**
 * The stall detector's limits for a case, as runtime/limits.ts derives them for a run: a step
 * span of three of the case's longest delays, a gradient (1 ms), two aggregations (0.1 ms) and the
 * timeout; 100 spans without a step (plus the longest partition or GST wait); re-sends answered
 * with probability (1 − loss)², loss the worst link's.
 */
export function caseLimits(spec: ProtocolSpec, c: ScheduleCase, net: CaseNetwork = ASYNC_NETWORK): Limits {
  const spanMs = 3 * Math.max(...c.delays) + 1 + 0.2 + (spec.timeoutMs ?? 0);
  // a partition or the time before GST may hold every message back: the detector waits them out
  const heldMs = Math.max(0, ...net.partitions.map((p) => p.toMs), net.synchrony.mode === 'partial' ? net.synchrony.gstMs : 0);
  const stallMs = 100 * spanMs + heldMs;
  const loss = Math.max(spec.lossRate, ...net.links.map((l) => l.loss ?? 0));
  return { spanMs, stallMs, graceMs: 0, maxTimeMs: spec.steps * stallMs, maxEvents: MAX_EVENTS, maxResends: resendsFor((1 - loss) ** 2) };
}

export function caseArbitrary(spec: ProtocolSpec, maxCrashes: number): fc.Arbitrary<ScheduleCase> {
  const honest = spec.n - spec.f;
  return fc.record({
    delays: fc.array(fc.oneof(fc.double({ min: 0, max: 20, noNaN: true }), fc.constantFrom(0, 1, 500, 5000)), { minLength: 1, maxLength: 48 }),
    crashes: fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: Math.max(0, honest - 1) }), fc.double({ min: 0, max: 200, noNaN: true })), {
      maxLength: Math.min(maxCrashes, honest),
      selector: (c) => c[0],
    }),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
  });
}

/**
 * The spec the judge promises liveness from: a network whose links or partitions may lose
 * messages counts as lossy (the promise then needs a timeout with retransmission).
 */
export function judgedSpec(spec: ProtocolSpec, net: CaseNetwork): ProtocolSpec {
  const linkLoss = Math.max(0, ...net.links.map((l) => l.loss ?? 0));
  const cuts = net.partitions.length > 0 ? Number.MIN_VALUE : 0;
  return { ...spec, lossRate: Math.max(spec.lossRate, linkLoss, cuts) };
}

/**
 * The configuration the PS registry entry's skeleton run takes for a case of the flag-driven
 * search: the spec's workers (the last f sending malformed vectors), policy, quorum, timeout, loss
 * and duplication, the network kept, the case's crashes and seed, and the stall limit of caseLimits.
 */
export function specConfig(spec: ProtocolSpec, c: ScheduleCase, net: CaseNetwork = ASYNC_NETWORK): RunConfig {
  const limits = caseLimits(spec, c, net);
  return runSchema.parse({
    name: 'fuzz-ps',
    protocol: 'ps',
    seed: c.seed,
    steps: spec.steps,
    workers: { n: spec.n, f: spec.f, batch: 1, faults: c.crashes.map(([worker, atMs]) => ({ kind: 'crash', worker, atMs })) },
    server: { policy: spec.policy, quorum: spec.quorum, ...(spec.timeoutMs !== undefined ? { timeoutMs: spec.timeoutMs } : {}) },
    network: { ...net, delay: { model: 'fixed', ms: 1 }, loss: spec.lossRate, duplication: spec.duplicationRate },
    limits: { stallMs: 100 * limits.spanMs }, // the skeleton run adds the longest partition or GST wait back
  });
}

/**
 * Run one case on the PS registry entry's skeleton (protocols/ps/fuzz-run.ts); its event history
 * and the first violated property (undefined when it held). `links: false` keeps only the node and
 * end records (what the judge reads; the links build none).
 */
export function runCaseHistory(
  spec: ProtocolSpec,
  c: ScheduleCase,
  expectLive?: boolean,
  net: CaseNetwork = ASYNC_NETWORK,
  links = true,
): { violation?: Violation; records: HistoryRecord[] } {
  let k = 0;
  const records: HistoryRecord[] = [];
  runPsCase({ cfg: specConfig(spec, c, net), scheduler: () => c.delays[k++ % c.delays.length], onTrace: (rec) => records.push(rec), links });
  const violation = judgeProtocol(judgedSpec(spec, net), new HistoryReader(records), expectLive);
  return { ...(violation ? { violation } : {}), records };
}

/** Run one case and judge it (on its node and end records). */
export function runCase(spec: ProtocolSpec, c: ScheduleCase, expectLive?: boolean, net?: CaseNetwork): Violation | undefined {
  return runCaseHistory(spec, c, expectLive, net, false).violation;
}

export function fuzzProtocol(o: ProtocolFuzzOptions): ProtocolFuzzReport {
  const result = fc.check(
    fc.property(caseArbitrary(o.spec, o.maxCrashes), (c) => runCase(o.spec, c, o.expectLive, o.network) === undefined),
    {
      seed: o.seed,
      numRuns: o.runs,
    },
  );
  if (!result.failed || result.counterexample === null) return { runs: result.numRuns, seed: o.seed };
  const c = result.counterexample[0];
  return { runs: result.numRuns, seed: o.seed, failure: { case: c, violation: runCase(o.spec, c, o.expectLive, o.network)! } };
}
