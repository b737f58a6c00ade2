/**
 * A LiuBei worker (El Mhamdi, Guerraoui, Guirguis, Rouault 2019; seed 002 Algorithm 1) as an xstate
 * actor. It holds w_own, the model it adopted at step t − 1, and g_own, its gradient there. Step t:
 * - t = 0: it adopts the shared initial model;
 * - a gather step (t mod T = 0): it admits the replicas' gather models of step t (one per replica,
 *   finite, dimension d) until it has all n_ps, or until the gather deadline with n_ps − f_ps of
 *   them, and adopts their MeaMed (the replicas' own rule);
 * - a scatter step: w_local = w_own − γ·g_own; it pulls from replica (r + t + i) mod n_ps for
 *   i = 0, 1, …, at most f_ps + 1 pulls, each timed out at max(sent, S_t) + 2Δ (a correct replica
 *   holds w_t by S_t); it computes G_t at the pulled model (and, in parallel with the pull, at
 *   w_own) and adopts the model iff it passes both filters (lipschitz-filter.ts, model-filter.ts);
 *   when every pull failed it adopts its own estimate w_local.
 * Then it sends its step-t gradient at the adopted model to every replica. Which replica is
 * Byzantine is never read here: the run tallies the verdicts against the node table (metrics).
 */
import { PRIO } from '../../sim/kernel.ts';
import { inPlace } from '../../sim/logic.ts';
import type { Self } from '../runtime/node.ts';
import { filterRecorder, StepQuorum } from '../runtime/quorum.ts';
import type { GatherModelMsg } from './messages.ts';
import { workerSteps } from './worker-steps.ts';
import type { LiubeiWorkerEnv, LiubeiWorkerEvent, LiubeiWorkerState } from './worker-types.ts';

export type { LiubeiWorkerEnv } from './worker-types.ts';

export function liubeiWorkerLogic(env: LiubeiWorkerEnv) {
  const record = env.history.record.bind(env.history);
  const self0: { self?: Self<LiubeiWorkerEvent> } = {};
  const send = (e: LiubeiWorkerEvent) => self0.self!.send(e);
  const timer = (absMs: number, e: LiubeiWorkerEvent) => env.kernel.schedule(Math.max(0, absMs - env.kernel.now), () => send(e), PRIO.timer);
  const { adopt, scatter, mergeIfReady, begin, sent } = workerSteps(env, { send, timer });
  return inPlace(
    (s: LiubeiWorkerState, e: LiubeiWorkerEvent, { self }) => {
      self0.self = self;
      if (s.phase === 'crashed' || s.phase === 'done') return;
      switch (e.type) {
        case 'start':
          s.wOwn = e.params;
          if (env.crashAtStep === 0) {
            s.phase = 'crashed';
            return record({ t: env.kernel.now, ev: 'crash', node: env.id, step: 0 });
          }
          return begin(s);
        case 'deliver':
          if (e.msg.kind === 'pulled-model') scatter.onPulled(s, e.msg);
          else if (e.msg.kind === 'gather-model') {
            s.gathers.offer(e.msg, s.step, s.phase === 'gathering', env.replicas.length);
            mergeIfReady(s);
          }
          return;
        case 'pull-timeout':
          if (s.phase !== 'pulling' || e.step !== s.step || e.attempt !== s.attempt) return;
          record({ t: env.kernel.now, ev: 'timeout', node: env.id, step: s.step, have: 0, need: 1 });
          env.tally({ kind: 'timeout', step: s.step, from: s.target });
          return scatter.discard(s);
        case 'gather-deadline':
          if (s.phase !== 'gathering' || e.step !== s.step) return;
          s.late = true;
          if (s.gathers.size < env.replicas.length - env.fPs)
            record({ t: env.kernel.now, ev: 'timeout', node: env.id, step: s.step, have: s.gathers.size, need: env.replicas.length - env.fPs });
          return mergeIfReady(s);
        case 'checked':
          if (s.phase !== 'checking' || e.step !== s.step || e.attempt !== s.attempt) return;
          return scatter.check(s, e.gNew, e.gOwn);
        case 'merged':
          if (s.phase === 'computing' && e.step === s.step) adopt(s, e.params, e.used);
          return;
        case 'adopted':
          if (s.phase === 'computing' && e.step === s.step) sent(s, e);
          return;
        case 'crash':
          s.phase = 'crashed';
          return;
      }
    },
    () => initialState(env),
  );
}

/** Before step 0: no model yet, no gather models. */
function initialState(env: LiubeiWorkerEnv): LiubeiWorkerState {
  const counters = { stale: 0, faulty: 0, duplicates: 0 };
  const empty = new Float32Array(0);
  return {
    phase: 'idle',
    step: 0,
    wOwn: empty,
    gOwn: empty,
    local: empty,
    attempt: 0,
    target: '',
    ownGrad: undefined,
    pulled: undefined,
    late: false,
    counters,
    gathers: new StepQuorum<GatherModelMsg>(env.d, (m) => m.params, counters, filterRecorder(env)),
  };
}
