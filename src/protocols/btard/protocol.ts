/**
 * BTARD-SGD's registry entry (Gorbunov, Borzunov, Diskin, Ryabinin, ICML 2022; seed 003): peers
 * without a server, a Byzantine-tolerant butterfly all-reduce (CenteredClip per part, its check
 * Σᵢ⟨z, clip_τ(gᵢ − x)⟩ ≈ 0), validators recomputing gradients, accusations checked by
 * recomputation, bans; f ≤ ⌈n/2⌉ − 1.
 */
import type { ProtocolDef } from '../types.ts';
import { btardAssumptions, checkBtard } from './check.ts';
import { btardFuzz } from './fuzz.ts';
import { btardNodes } from './nodes.ts';

export const btard: ProtocolDef = {
  name: 'btard',
  summary:
    'peers without a server (btard: { validators, probability, timeoutMs, byzantine: [wrong-aggregate, covert-aggregate, false-accusation, false-check, silent] }): butterfly all-reduce with CenteredClip per part and its check, validators recompute gradients, accusations checked by all, bans; f ≤ ⌈n/2⌉−1',
  paper: 'Gorbunov, Borzunov, Diskin, Ryabinin, ICML 2022 (seed 003)',
  sections: ['btard'],
  check: checkBtard,
  assumptions: btardAssumptions,
  nodes: btardNodes,
  faultRole: 'peer',
  // Every member's part is aggregated; bans remove members (and lower m with them).
  aggregation: (cfg) => ({ count: cfg.workers.n, by: 'each butterfly part aggregates' }),
  ownByzantineBehaviour: (cfg) => (cfg.btard?.byzantine ?? []).length > 0,
  metrics: [
    { field: 'banned', summary: 'peers banned so far' },
    { field: 'bannedHonest', summary: 'honest peers banned so far (ground truth; 0 within f ≤ ⌈n/2⌉−1)' },
    { field: 'bannedGradient', summary: 'peers banned so far for a wrong gradient (recomputed by every member after an accusation)' },
    { field: 'bannedAggregate', summary: 'peers banned so far for a wrong aggregate (failed check, then recomputed from the revealed parts)' },
    { field: 'bannedAccuser', summary: 'peers banned so far for a false accusation (of a member, or of an aggregator through a false check value)' },
    { field: 'bannedSilent', summary: 'peers banned so far for silence (a broadcast missing at the deadline)' },
    { field: 'accusations', summary: 'accusations raised this step' },
    { field: 'rounds', summary: 'all-reduce rounds this step (1: nobody banned; each ban runs the step again without the banned)' },
    { field: 'reveals', summary: 'parts whose check failed this step (revealed and recomputed by every member)' },
    { field: 'validationMs', summary: 'virtual ms honest peers spent recomputing so far (validators, accusation checks, failed parts)' },
    { field: 'attackSteps', summary: 'steps Byzantine members deviated at so far, summed over them (ground truth: what attackers did before their bans)' },
    {
      field: 'wrongApplied',
      summary: 'wrong aggregates applied to the models so far (ground truth: aggregates tampered with that passed the check unvalidated)',
    },
    { field: 'drift', summary: 'max over honest peers of ‖w_i − w̄‖ (0: the all-reduce leaves them the same model)' },
  ],
  figures: [
    {
      metric: 'banned',
      title: 'banned peers',
      yLabel: 'banned peers',
      caption: 'BTARD: peers banned after an accusation, a failed check or silence was confirmed by every member.',
    },
    {
      metric: 'validationMs',
      title: 'validation cost',
      yLabel: 'virtual ms recomputing (honest peers, cumulative)',
      caption: 'BTARD: virtual time honest peers spent recomputing gradients and aggregates to validate, against step — the cost side of the validation rate.',
    },
    {
      metric: 'attackSteps',
      title: 'attacking steps before the bans',
      yLabel: 'Σ steps attackers deviated at (cumulative)',
      caption: 'BTARD: steps at which Byzantine members deviated, summed over them; flat once every attacker is banned.',
    },
    {
      metric: 'wrongApplied',
      title: 'wrong aggregates applied',
      yLabel: 'wrong aggregates applied (cumulative)',
      caption: 'BTARD: aggregates tampered with that passed the check and reached the models before a validator caught their aggregator (covert aggregates).',
    },
    {
      metric: 'drift',
      title: 'drift between honest peers',
      yLabel: 'drift: max ‖wᵢ − w̄‖ over honest peers',
      caption: 'BTARD: largest distance of an honest peer’s model to the honest peers’ mean, after each step (0 while every aggregate is right).',
    },
  ],
  fuzz: btardFuzz,
  run: () => import('./run.ts').then((m) => m.runBtard),
};
