/**
 * What a Byzantine worker sends at a step: honest behaviour while its schedule says it is off;
 * otherwise the attack — data attacks train on poisoned labels, gradient attacks craft a
 * vector from their own gradient and, if omniscient, the honest payloads of the step.
 */
import { attacks, type AttackSchedule } from '../../attacks/schedule.ts';
import type { Attack } from '../../attacks/types.ts';
import type { Aggregator, Params } from '../../gars/types.ts';
import { stream } from '../../sim/rng.ts';
import { mean } from '../../gars/average.ts';
import type { GradientOracle } from './oracle.ts';
import type { Payload } from './payload.ts';

export interface ByzantineConfig {
  readonly seed: number | string;
  readonly n: number;
  readonly f: number;
  readonly honest: readonly number[];
  readonly attack: Attack;
  readonly params: Params;
  readonly schedule?: AttackSchedule;
  readonly oracle: GradientOracle;
  readonly classes: number;
  readonly aggregator: () => Aggregator;
  readonly engine: { gradient(p: Float32Array, x: Float32Array, y: Int32Array): Promise<{ grad: Float32Array; loss: number }> };
}

/** The payload producer for Byzantine worker `i` (the j-th Byzantine). */
export function byzantineProducer(cfg: ByzantineConfig, i: number, j: number) {
  const { oracle, attack } = cfg;
  const state = new Map<string, unknown>(); // the attacker's memory across steps (constant direction, mimic's target)
  return async (step: number, params: Float32Array): Promise<Payload> => {
    if (!attacks(cfg.schedule, j, step)) return oracle.ownPayload(i, step, params);
    if (attack.omniscient && attack.craft) {
      // Omniscient attackers act on the honest gradients of the step; they compute none of
      // their own (the contract hands them the honest mean as `own`), which saves f gradients.
      // One array for all attackers of the step (their statistics over it are taken once).
      const honest = await oracle.honestPayloads(cfg.honest, step, params);
      return { grad: craft(step, i, honest.length > 0 ? mean(honest) : new Float32Array(params.length), honest), loss: NaN };
    }
    let own: { grad: Float32Array; loss: number };
    if (attack.transformLabels) {
      const b = oracle.batch(i, step);
      const y = attack.transformLabels(b.y, cfg.classes, stream(cfg.seed, `byz/${i}/labels/${step}`), cfg.params);
      own = await cfg.engine.gradient(params, b.x, y);
    } else own = await oracle.gradient(i, step, params);
    if (!attack.craft) return { grad: oracle.privatise(i, step, own.grad), loss: own.loss };
    return { grad: craft(step, i, own.grad, []), loss: own.loss };
  };

  function craft(step: number, i: number, own: Float32Array, honest: readonly Float32Array[]): Float32Array {
    return attack.craft!({
      step,
      n: cfg.n,
      f: cfg.f,
      own,
      honest,
      aggregator: cfg.aggregator,
      rng: stream(cfg.seed, `byz/${i}/attack/${step}`),
      sharedRng: stream(cfg.seed, 'byz/shared'), // same draws for every attacker and step
      params: cfg.params,
      state,
    });
  }
}
