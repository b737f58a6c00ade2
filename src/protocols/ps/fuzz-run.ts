/**
 * A fuzz case of the parameter-server protocol on its skeleton (ps/skeleton.ts: the real server,
 * worker and link actors, constant payloads, d = 1, no learning stack): the configuration's
 * workers, policy, quorum and timeout, its links (synchrony, loss, duplication, partitions,
 * per-link overrides; the schedule picks every delay), its Byzantine workers sending malformed
 * vectors (NaN) and its crash faults, with the stall detector's limits — `limits.stallMs` as the
 * registry fuzzer set it from the case's delays, one step's span a hundredth of it.
 */
import { fixed } from '../../net/delay/fixed.ts';
import { partitionPredicates } from '../../net/partition.ts';
import { workerFaults } from '../runtime/faults.ts';
import { resendsFor } from '../runtime/limits.ts';
import { linkOverrides } from '../runtime/network.ts';
import type { SkeletonInput } from '../types.ts';
import { psNodes } from './nodes.ts';
import { psQuorum } from './quorum.ts';
import { runSkeleton } from './skeleton.ts';

/** Bound on events per case (the stall detector ends a livelocked case long before). */
const MAX_EVENTS = 2_000_000;

export function runPsCase({ cfg, scheduler, onTrace, links }: SkeletonInput): void {
  const { n, f } = cfg.workers;
  const other = cfg.workers.faults.find((x) => x.kind !== 'crash');
  if (other) throw new Error(`workers.faults: ${other.kind} — the PS skeleton fuzzes crash faults only`);
  const workers = psNodes(cfg).filter((x) => x.role === 'worker');
  const crashAtMs = new Map(
    workers.flatMap((w, i) =>
      workerFaults(cfg, w, 1)
        .crashAtMs.slice(0, 1)
        .map((t) => [i, t] as const),
    ),
  );
  const partitions = partitionPredicates(cfg.network.partitions);
  const stallMs = cfg.limits?.stallMs ?? Infinity;
  const loss = Math.max(cfg.network.loss, ...cfg.network.links.map((l) => l.loss ?? 0));
  const graceMs = Math.max(0, ...cfg.network.partitions.map((p) => p.toMs), cfg.network.synchrony.mode === 'partial' ? cfg.network.synchrony.gstMs : 0);
  runSkeleton(
    {
      n,
      steps: cfg.steps,
      policy: cfg.server.policy,
      quorum: psQuorum(cfg),
      timeoutMs: cfg.server.timeoutMs,
      delay: fixed.sampler({ ms: 1 }),
      synchrony: cfg.network.synchrony,
      lossRate: cfg.network.loss,
      duplicationRate: cfg.network.duplication,
      seed: cfg.seed,
      scheduler,
      cut: partitions?.cut,
      cutInFlight: partitions?.cutInFlight,
      override: linkOverrides(cfg.network.links),
      payload: (i) => (i >= n - f ? Float32Array.of(NaN) : Float32Array.of(1)),
      crashAtMs,
      limits: {
        spanMs: stallMs / 100,
        stallMs: stallMs + graceMs,
        graceMs: 0,
        maxTimeMs: cfg.steps * (stallMs + graceMs),
        maxEvents: MAX_EVENTS,
        maxResends: resendsFor((1 - loss) ** 2),
      },
      ...(links ? { onRecord: onTrace } : { watch: onTrace }),
    },
    MAX_EVENTS,
  );
}
