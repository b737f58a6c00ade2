/**
 * LiuBei's registry entry (El Mhamdi, Guerraoui, Guirguis, Rouault 2019, "Fast Machine Learning with
 * Byzantine Workers and Servers"; seed 002 Algorithms 1–2): replicated servers of which the last
 * f_ps are Byzantine, workers of which the last f are Byzantine, synchronous links; workers pull one
 * replica's model per step and keep it iff it passes the Lipschitz and model filters; a gather every
 * T steps (MeaMed of every replica's model). n_ps ≥ 3f_ps + 1, n ≥ 2f + 1.
 */
import { serverQuorum } from '../../scenario/resolve.ts';
import type { ProtocolDef } from '../types.ts';
import { checkLiubei, liubeiAssumptions } from './check.ts';
import { liubeiFuzz } from './fuzz.ts';
import { liubeiNodes } from './nodes.ts';

export const liubei: ProtocolDef = {
  name: 'liubei',
  summary:
    'replicated servers (servers: { n, f, attack }; liubei: { T, lipschitz, quantile, deltaMs, gather, filters, sigma, deviation, workerEquivocation }), synchronous: workers pull one replica per step through a Lipschitz and a model filter (≤ f_ps+1 pulls), MeaMed gather every T steps; n_ps ≥ 3(f_ps+c)+1 with c crashed replicas, n ≥ 2f+1',
  paper: 'El Mhamdi, Guerraoui, Guirguis, Rouault 2019 (seed 002)',
  sections: ['liubei'],
  check: checkLiubei,
  assumptions: liubeiAssumptions,
  nodes: liubeiNodes,
  faultRole: 'worker',
  serverRole: 'replica',
  aggregation: (cfg) => ({ count: serverQuorum(cfg), by: 'each replica aggregates' }),
  metrics: [
    { field: 'pulls', summary: 'models the correct workers pulled this step (n − f at best, at most (f_ps + 1)(n − f))' },
    { field: 'judged', summary: 'pulled models the correct workers judged this step (admissibility and both filters)' },
    { field: 'byzantineJudged', summary: 'of those, models from Byzantine replicas (ground truth)' },
    { field: 'rejected', summary: 'pulled models rejected this step (not a finite d-vector, or failing the Lipschitz or model filter)' },
    { field: 'falseRejections', summary: 'correct replicas’ models rejected this step (ground truth)' },
    { field: 'byzantineAccepted', summary: 'Byzantine replicas’ models that passed both filters this step (ground truth)' },
    { field: 'timeouts', summary: 'pulls unanswered within max(sent, S_t) + 2Δ this step' },
    { field: 'fallbacks', summary: 'correct workers whose f_ps + 1 pulls all failed this step (they adopted their own estimate)' },
    { field: 'drift', summary: 'max over correct replicas of ‖w_i − w̄‖ (w̄ their mean), after the step' },
  ],
  figures: [
    {
      metric: 'drift',
      title: 'drift between correct replicas',
      yLabel: 'drift: max ‖wᵢ − w̄‖ over correct replicas',
      log: true,
      caption:
        'LiuBei: largest distance of a correct replica’s model to the correct replicas’ mean after each step; it grows during a scatter phase and falls at each gather.',
    },
    {
      metric: 'rejected',
      title: 'models rejected by the filters',
      yLabel: 'pulled models rejected per step',
      caption: 'LiuBei: pulled models the correct workers rejected (not admissible, or failing the Lipschitz or model filter), per step.',
    },
    {
      metric: 'falseRejections',
      title: 'correct models rejected',
      yLabel: 'correct replicas’ models rejected per step',
      caption: 'LiuBei: the filters’ false rejections — models of correct replicas the correct workers rejected, per step.',
    },
    {
      metric: 'pulls',
      title: 'pulls',
      yLabel: 'models pulled per step',
      caption: 'LiuBei: models the correct workers pulled per step (one each when every first pull passes).',
    },
  ],
  fuzz: liubeiFuzz,
  run: () => import('./run.ts').then((m) => m.runLiubei),
};
