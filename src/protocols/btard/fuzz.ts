/**
 * How `byzsim fuzz protocol btard` explores BTARD: its tiny configuration (5 peers of which 2 —
 * ⌈n/2⌉ − 1 — Byzantine, CenteredClip τ = 1, two validators a round, a 25 ms deadline on
 * synchronous links with Δ = 10 ms), the Byzantine peers' choices (a gradient attack, and none or
 * one of the behaviours wrong-aggregate, false-accusation, false-check, silent with their
 * parameters) and what stays inside the assumptions: delays up to Δ, duplication; no losses and
 * no crashes (a lost message or a crashed peer misses the deadline and is banned as silent —
 * btard/check.ts refuses both).
 *
 * Outside them (`--unsafe`): 3 Byzantine peers of 5 — f ≥ n/2 — with CenteredClip still
 * configured for the ⌈n/2⌉ − 1 = 2 an honest majority allows (`server.f`, the GAR's own rule):
 * a Byzantine majority drags the aggregate past CenteredClip's bound (`robust-aggregate`), though no
 * ban goes wrong — bans come from recomputation by every member, never from votes.
 *
 * Left out of the choices: covert-aggregate (a wrong aggregate with a forged check value is
 * caught only when a validator draws its aggregator, so a short run may end first: BTARD bounds
 * the expected steps before the ban, not their number), and wrong aggregates shifted by less than
 * the check's tolerance m‖z‖η (they pass the check by design; the shift drawn is ≥ 0.1).
 */
import type { FuzzChoice, ProtocolFuzz } from '../types.ts';

const logScale = (u: number, lo: number, hi: number) => lo * (hi / lo) ** u;
const pick = <T>(u: number, list: readonly T[]): T => list[Math.min(list.length - 1, Math.floor(u * list.length))];

const GRADIENT_ATTACKS = ['amplified-sign-flip', 'label-flip', 'noise-addition', 'alie', 'sign-flip'] as const;
const attack = (u: number) => ({ name: pick(u, GRADIENT_ATTACKS) });

const CHOICES: readonly FuzzChoice[] = [
  { label: 'gradient attack only', arity: 1, set: (u) => ({ 'workers.attack': attack(u[0]), 'btard.byzantine': [] }) },
  {
    label: 'wrong-aggregate',
    arity: 3,
    set: (u) => ({
      'workers.attack': attack(u[0]),
      'btard.byzantine': [{ name: 'wrong-aggregate', params: { scale: 2 * u[1] - 1, shift: logScale(u[2], 0.1, 100) } }],
    }),
  },
  {
    label: 'false-accusation',
    arity: 3,
    set: (u) => ({
      'workers.attack': attack(u[0]),
      'btard.byzantine': [{ name: 'false-accusation', params: { anyone: u[1] >= 0.5, via: pick(u[2], ['gradient', 'check']) } }],
    }),
  },
  {
    label: 'false-check',
    arity: 2,
    set: (u) => ({ 'workers.attack': attack(u[0]), 'btard.byzantine': [{ name: 'false-check', params: { shift: logScale(u[1], 0.1, 100) } }] }),
  },
  { label: 'silent', arity: 1, set: (u) => ({ 'workers.attack': attack(u[0]), 'btard.byzantine': ['silent'] }) },
];

export const btardFuzz: ProtocolFuzz = {
  predicates: () => import('./predicates.ts').then((m) => m.BTARD_PREDICATES),
  tiny: {
    protocol: 'btard',
    btard: { validators: 2, timeoutMs: 25 },
    workers: { n: 5, f: 2, batch: 4, attack: 'amplified-sign-flip' },
    server: { gar: { name: 'centered-clip', params: { tau: 1, iterations: 20, start: 'median' } }, lr: 0.1 },
    network: { synchrony: { mode: 'synchronous', deltaMs: 10 } },
  },
  outside: { workers: { n: 5, f: 3 }, server: { f: 2 } },
  choices: (cfg) => (cfg.workers.f > 0 ? CHOICES : []),
  assumption: () => ({ crashes: 0, loss: false, duplication: true }),
};
