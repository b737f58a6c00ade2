/** The network of a run, from the config: delay model, synchrony, loss, duplication, partitions, per-link overrides, adversary. */
import { adversaryScheduler } from '../../net/adversary/index.ts';
import { DELAYS } from '../../net/delay/index.ts';
import type { LinkConfig, Message, TraceRecord } from '../../net/link.ts';
import { Network, type LinkOverride } from '../../net/network.ts';
import { partitionPredicates } from '../../net/partition.ts';
import type { RunConfig } from '../../scenario/schema.ts';
import type { Kernel } from '../../sim/kernel.ts';

/**
 * `isByzantine` (the node table's ground truth) goes to the network adversary only: it is the
 * scheduler the Byzantine nodes' controller runs, never something a protocol node reads.
 */
export function buildNetwork<M extends Message>(
  cfg: RunConfig,
  kernel: Kernel,
  failures: Error[],
  isByzantine: (id: string) => boolean,
  trace?: (rec: TraceRecord) => void,
  scheduler?: LinkConfig['scheduler'],
): Network<M> {
  const { model: delayName, ...delayParams } = cfg.network.delay;
  const partitions = partitionPredicates(cfg.network.partitions);
  return new Network<M>(
    kernel,
    {
      seed: cfg.seed,
      delay: DELAYS.get(delayName)!.sampler(delayParams),
      synchrony: cfg.network.synchrony,
      lossRate: cfg.network.loss,
      duplicationRate: cfg.network.duplication,
      cut: partitions?.cut,
      cutInFlight: partitions?.cutInFlight,
      trace,
      scheduler: adversaryScheduler(cfg.network.adversary, { seed: cfg.seed, synchrony: cfg.network.synchrony, isByzantine }, scheduler),
      override: linkOverrides(cfg.network.links),
    },
    failures,
  );
}

/** The first `network.links` entry matching (from, to), compiled (also the protocol fuzzer's, for a scenario's links). */
export function linkOverrides(links: RunConfig['network']['links']): ((from: string, to: string) => LinkOverride | undefined) | undefined {
  const rules = links.map((l) => {
    const { model, ...params } = l.delay ?? { model: '' };
    return {
      from: l.from,
      to: l.to,
      o: { delay: l.delay ? DELAYS.get(model)!.sampler(params as Record<string, number>) : undefined, lossRate: l.loss, duplicationRate: l.duplication },
    };
  });
  if (rules.length === 0) return undefined;
  return (from, to) => rules.find((r) => (r.from === '*' || r.from === from) && (r.to === '*' || r.to === to))?.o;
}
