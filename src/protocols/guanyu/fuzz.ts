/**
 * How `byzsim fuzz protocol guanyu` explores GuanYu: its tiny configuration (6 replicas of which 1
 * Byzantine, 7 workers of which 1 Byzantine, Krum on q_wr = 5 gradients, the median of q_ps = 5
 * models, asynchronous links), the Byzantine nodes' choices (each server behaviour of
 * workload/server-attacks with its parameters, and the Byzantine workers' attack) and what stays
 * inside the assumptions: any finite delays (asynchrony), duplication, and as many honest worker
 * crashes as leave q_wr senders when every Byzantine worker's vector is refused (n − f − q_wr);
 * no losses (GuanYu waits on quorums over reliable links, without retransmission).
 */
import { serverQuorum } from '../../scenario/resolve.ts';
import type { RunConfig } from '../../scenario/schema.ts';
import type { FuzzChoice, ProtocolFuzz } from '../types.ts';

/** lo·(hi/lo)^u: a scale drawn log-uniformly, shrinking towards lo. */
const logScale = (u: number, lo: number, hi: number) => lo * (hi / lo) ** u;
const pick = <T>(u: number, list: readonly T[]): T => list[Math.min(list.length - 1, Math.floor(u * list.length))];

const WORKER_ATTACKS = ['sign-flip', 'gaussian', 'alie', 'non-finite'] as const;
const workerAttack = (u: number) => {
  const name = pick(u, WORKER_ATTACKS);
  return name === 'sign-flip' ? { name, params: { scale: 10 } } : name === 'gaussian' ? { name, params: { std: 100 } } : { name };
};

/** One choice per server behaviour; the last number picks the Byzantine workers' attack. */
const CHOICES: readonly FuzzChoice[] = [
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
    set: (u) => ({ 'servers.attack': { name: 'slow', params: { fraction: u[0], delayMs: logScale(u[1], 1, 1e4) } }, 'workers.attack': workerAttack(u[2]) }),
  },
  {
    label: 'stale',
    arity: 2,
    set: (u) => ({ 'servers.attack': { name: 'stale', params: { k: 1 + Math.floor(u[0] * 5) } }, 'workers.attack': workerAttack(u[1]) }),
  },
  { label: 'attack (foe)', arity: 1, set: (u) => ({ 'servers.attack': { name: 'attack', params: { use: 'foe' } }, 'workers.attack': workerAttack(u[0]) }) },
];

export const guanyuFuzz: ProtocolFuzz = {
  predicates: () => import('./predicates.ts').then((m) => m.GUANYU_PREDICATES),
  tiny: {
    protocol: 'guanyu',
    servers: { n: 6, f: 1, quorum: 5, attack: 'silent' },
    workers: { n: 7, f: 1, batch: 4, attack: 'sign-flip' },
    server: { gar: 'krum', quorum: 5, lr: 0.1 },
    network: { synchrony: { mode: 'asynchronous' } },
  },
  choices: (cfg: RunConfig) => ((cfg.servers?.f ?? 0) > 0 ? CHOICES : []),
  assumption: (cfg: RunConfig) => ({ crashes: Math.max(0, cfg.workers.n - cfg.workers.f - serverQuorum(cfg)), loss: false, duplication: true }),
};
