/**
 * The Byzantine replicas' choices the protocol fuzzer draws from, shared by every replicated-server
 * protocol (GuanYu, LiuBei): one choice per server behaviour of workload/server-attacks with its
 * parameters (arbitrary gaussian noise of std 0.1 … 10⁴ or non-finite values, equivocation of std
 * 0.01 … 10³, silence, slowness — its messages held 0.01 … 1 of Δ on synchronous links, 1 … 10⁴ ms otherwise —, staleness k = 1 … 5,
 * the FoE worker attack on the model), and the Byzantine workers' attack (sign-flip ×10, gaussian
 * std 100, ALIE, non-finite), each drawn from numbers u ∈ [0, 1) that fast-check shrinks towards 0
 * (the mildest setting: scales drawn log-uniformly from their low end).
 */
import type { FuzzChoice } from '../types.ts';

/** lo·(hi/lo)^u: a scale drawn log-uniformly, shrinking towards lo. */
const logScale = (u: number, lo: number, hi: number) => lo * (hi / lo) ** u;
const pick = <T>(u: number, list: readonly T[]): T => list[Math.min(list.length - 1, Math.floor(u * list.length))];

const WORKER_ATTACKS = ['sign-flip', 'gaussian', 'alie', 'non-finite'] as const;
const workerAttack = (u: number) => {
  const name = pick(u, WORKER_ATTACKS);
  return name === 'sign-flip' ? { name, params: { scale: 10 } } : name === 'gaussian' ? { name, params: { std: 100 } } : { name };
};

/** One choice per server behaviour; the last number picks the Byzantine workers' attack. */
export const SERVER_ATTACK_CHOICES: readonly FuzzChoice[] = [
  {
    label: 'arbitrary (gaussian)',
    arity: 2,
    set: (u) => ({ 'servers.attack': { name: 'arbitrary', params: { use: 'gaussian', std: logScale(u[0], 0.1, 1e4) } }, 'workers.attack': workerAttack(u[1]) }),
  },
  {
    label: 'arbitrary (non-finite)',
    arity: 1,
    set: (u) => ({ 'servers.attack': { name: 'arbitrary', params: { use: 'non-finite' } }, 'workers.attack': workerAttack(u[0]) }),
  },
  {
    label: 'equivocate',
    arity: 2,
    set: (u) => ({ 'servers.attack': { name: 'equivocate', params: { std: logScale(u[0], 0.01, 1e3) } }, 'workers.attack': workerAttack(u[1]) }),
  },
  { label: 'silent', arity: 1, set: (u) => ({ 'servers.attack': 'silent', 'workers.attack': workerAttack(u[0]) }) },
  {
    label: 'slow',
    arity: 3,
    set: (u) => ({
      'servers.attack': { name: 'slow', params: { fraction: Math.max(0.01, u[0]), delayMs: logScale(u[1], 1, 1e4) } },
      'workers.attack': workerAttack(u[2]),
    }),
  },
  {
    label: 'stale',
    arity: 2,
    set: (u) => ({ 'servers.attack': { name: 'stale', params: { k: 1 + Math.floor(u[0] * 5) } }, 'workers.attack': workerAttack(u[1]) }),
  },
  { label: 'attack (foe)', arity: 1, set: (u) => ({ 'servers.attack': { name: 'attack', params: { use: 'foe' } }, 'workers.attack': workerAttack(u[0]) }) },
];
