/**
 * A LiuBei server replica (El Mhamdi, Guerraoui, Guirguis, Rouault 2019; seed 002 Algorithm 2) as an
 * xstate actor. Step t, holding its model w_t:
 * 1. `gradients`: it answers every worker's pull of step t with w_t (pulls of later steps wait for
 *    their step) and admits the workers' step-t gradients (one per worker, finite, dimension d)
 *    until it has all n, or until the round's gradient deadline D_t with at least q_wr of them;
 * 2. `aggregating` (charged on the virtual clock): w' = w_t − γ·F(gradients);
 * 3. if t + 1 is a gather step ((t + 1) mod T = 0): `gathering` — it sends w' to every replica and
 *    every worker and admits the replicas' models of step t + 1 (its own included) until it has all
 *    n_ps, or until the gather deadline with at least n_ps − f_ps; `merging` (charged):
 *    w_{t+1} = MeaMed of them (or their average: `liubei.gather: average`); else w_{t+1} = w'.
 * A Byzantine replica runs the same steps; its behaviour (`servers.attack`, workload/server-attacks)
 * decides what each recipient gets in place of its model (channel `model`: pull replies; `gather`:
 * the gather models) and watches the gather models it receives. A `crash` event (`servers.crashes`)
 * stops it for good: it answers no pull and sends nothing after, its pending computations included.
 */
import { inPlace } from '../../sim/logic.ts';
import type { GradientMsg } from '../runtime/messages.ts';
import type { Self } from '../runtime/node.ts';
import { filterRecorder, StepQuorum } from '../runtime/quorum.ts';
import type { GatherModelMsg, LiubeiMessage } from './messages.ts';
import { replicaRound } from './replica-round.ts';
import type { ReplicaEnv, ReplicaEvent, ReplicaState } from './replica-types.ts';

export type { ReplicaEnv, ReplicaStep } from './replica-types.ts';

export function replicaLogic(env: ReplicaEnv) {
  const judged = filterRecorder(env);
  const round = replicaRound(env);
  const deliver = (s: ReplicaState, m: LiubeiMessage, self: Self<ReplicaEvent>) => {
    if (m.kind === 'pull') {
      if (m.step === s.step) return round.answer(s, m);
      if (m.step < s.step) return void s.counters.stale++; // a pull of a step it no longer holds
      s.pulls.set(m.step, [...(s.pulls.get(m.step) ?? []), m]);
    } else if (m.kind === 'gradient') {
      s.gradients.offer(m, s.step, s.phase === 'gradients', env.workers.length);
      round.aggregateIfReady(s, self);
    } else if (m.kind === 'gather-model') {
      env.byzantine?.observe(m.from, m.step, m.params);
      const gathering = s.phase === 'gathering';
      s.gathers.offer(m, gathering ? s.step + 1 : s.step, gathering, env.nPs);
      round.mergeIfReady(s, self);
    } else {
      s.counters.faulty++; // a replica takes pulls, gradients and gather models only
      judged(m, false, 'kind');
    }
  };
  const deadline = (s: ReplicaState, e: Extract<ReplicaEvent, { type: 'deadline' }>, self: Self<ReplicaEvent>) => {
    const gradients = e.what === 'gradients';
    if (e.step !== s.step || s.phase !== (gradients ? 'gradients' : 'gathering')) return;
    s.late = true;
    const have = gradients ? s.gradients.size : s.gathers.size;
    const need = gradients ? env.gradientQuorum : env.nPs - env.fPs;
    if (have < need) env.history.record({ t: env.kernel.now, ev: 'timeout', node: env.id, step: s.step, have, need });
    return gradients ? round.aggregateIfReady(s, self) : round.mergeIfReady(s, self);
  };
  return inPlace(
    (s: ReplicaState, e: ReplicaEvent, { self }) => {
      if (s.phase === 'crashed') return; // crash-stop: nothing after, not even its own pending computations
      switch (e.type) {
        case 'crash':
          if (s.phase === 'done') return; // it finished every step: nothing left to stop
          s.phase = 'crashed';
          return env.onCrash(s.step);
        case 'start':
          s.params = e.params;
          return round.begin(s, self);
        case 'deliver':
          if (s.phase !== 'done' && s.phase !== 'idle') deliver(s, e.msg, self);
          return;
        case 'deadline':
          return deadline(s, e, self);
        case 'aggregated':
          return round.aggregated(s, self);
        case 'merged':
          return round.merged(s, self);
      }
    },
    (): ReplicaState => {
      const counters = { stale: 0, faulty: 0, duplicates: 0 };
      return {
        phase: 'idle',
        step: 0,
        params: new Float32Array(0),
        next: undefined,
        late: false,
        counters,
        pulls: new Map(),
        gradients: new StepQuorum<GradientMsg>(env.d, (m) => m.grad, counters, judged),
        gathers: new StepQuorum<GatherModelMsg>(env.d, (m) => m.params, counters, judged),
      };
    },
  );
}
