/**
 * LiuBei's settings (`liubei:` in the scenario) resolved against the rest of the run, and its
 * synchronous round (El Mhamdi, Guerraoui, Guirguis, Rouault 2019, "Fast Machine Learning with
 * Byzantine Workers and Servers"; seed 002 Algorithms 1–2):
 *
 * - F = f_ps + c, the replica faults the nodes are configured for: the f_ps Byzantine replicas and
 *   the c correct ones `servers.crashes` crash-stops (a crashed replica answers no pull and sends
 *   no gather model). A worker pulls at most F + 1 times a step, a gather closes at its deadline
 *   with n_ps − F models and MeaMed trims F; the quantile q_L stays (n_ps − f_ps)/n_ps (a crashed
 *   replica gives no coefficient);
 * - T, the gather period: `liubei.T`, default T = max(1, ⌊1 / (3·L·γ)⌋) with L = `liubei.lipschitz`
 *   (the loss's Lipschitz constant, which a run cannot know: default 1) and γ = `server.lr`
 *   (the paper's code, theory sheet §6.2; γ = 0.1, L = 1 → T = 3);
 * - the model filter's constants (model-filter.ts): σ `liubei.sigma` (default: each worker's
 *   estimate), c_F `liubei.deviation` (default 1/k_F(n, f) of the GAR) and
 *   `liubei.workerEquivocation` (default false: byzsim's Byzantine workers send one gradient to every
 *   replica, so correct replicas aggregate the same inputs and stay equal between gathers; true adds
 *   the paper's drift allowance for workers that send each replica a different gradient);
 * - q_L, the Lipschitz filter's quantile: `liubei.quantile`, default (n_ps − f_ps)/n_ps (Kardam), over
 *   each replica's latest coefficient (lipschitz-filter.ts);
 * - Δ, the delay bound the protocol's timeouts assume: `liubei.deltaMs`, default
 *   `network.synchrony.deltaMs` (an asynchronous network has none: only under `--unsafe`, with
 *   `liubei.deltaMs` given);
 * - the round R (virtual ms): every node knows the virtual clock, and step t's deadlines are set
 *   from S_t = t·R, the latest time a correct node may begin step t:
 *     R = (F + 1)·(2Δ + c) + c + 2Δ + a(n) + m(n_ps)
 *   with c a gradient's cost, a(n) the cost of aggregating n gradients and m(n_ps) of the gather's
 *   merge: at most F + 1 pulls (each a request and a reply, Δ each, then a gradient), the
 *   gradient at the worker's own estimate when every pull failed, the gradient's way to the
 *   replicas (Δ), their aggregation, then the gather models' way (Δ) and their merge.
 */
import { garF } from '../../scenario/resolve.ts';
import type { RunConfig } from '../../scenario/schema.ts';
import { crashedCorrect } from '../runtime/crash.ts';
import { garDeviation, type ModelFilterConstants } from './model-filter.ts';
import { liubeiNodes } from './nodes.ts';

export interface LiubeiSettings {
  /** F = f_ps + c: the replica faults the nodes are configured for (c the correct replicas `servers.crashes` names). */
  readonly faults: number;
  readonly T: number;
  readonly lipschitz: number;
  readonly quantile: number;
  /** Δ assumed (undefined: none known — asynchronous links without liubei.deltaMs). */
  readonly deltaMs: number | undefined;
  readonly gather: 'meamed' | 'average';
  readonly filters: boolean;
  /** The model filter's σ, c_F and drift allowance (model-filter.ts). */
  readonly modelFilter: ModelFilterConstants;
}

/** T = max(1, ⌊1/(3·L·γ)⌋): the gather period the paper's code derives from L and γ. */
export function gatherPeriod(lipschitz: number, lr: number): number {
  return Math.max(1, Math.floor(1 / (3 * lipschitz * lr)));
}

export function liubeiSettings(cfg: RunConfig): LiubeiSettings {
  const l = cfg.liubei;
  const s = cfg.servers ?? { n: 1, f: 0 };
  const lipschitz = l?.lipschitz ?? 1;
  const sync = cfg.network.synchrony;
  return {
    faults: s.f + crashedCorrect(cfg.servers?.crashes, liubeiNodes(cfg)),
    T: l?.T ?? gatherPeriod(lipschitz, cfg.server.lr),
    lipschitz,
    quantile: l?.quantile ?? (s.n - s.f) / s.n,
    deltaMs: l?.deltaMs ?? (sync.mode === 'asynchronous' ? undefined : sync.deltaMs),
    gather: l?.gather ?? 'meamed',
    filters: l?.filters ?? true,
    modelFilter: { sigma: l?.sigma, deviation: garDeviation(cfg, cfg.workers.n, garF(cfg)), workerEquivocation: l?.workerEquivocation ?? false },
  };
}

/** Whether step t begins with a gather (t ≥ 1 and t mod T = 0; step 0 starts from the shared initial model). */
export const isGather = (step: number, T: number): boolean => step > 0 && step % T === 0;

/** The costs a round is made of (virtual ms). */
export interface RoundCosts {
  readonly deltaMs: number;
  readonly gradientMs: number;
  readonly aggregateMs: number;
  readonly mergeMs: number;
}

/** R = (F + 1)·(2Δ + c) + c + 2Δ + a(n) + m(n_ps) (see above). */
export function roundMs(faults: number, c: RoundCosts): number {
  return (faults + 1) * (2 * c.deltaMs + c.gradientMs) + c.gradientMs + 2 * c.deltaMs + c.aggregateMs + c.mergeMs;
}
