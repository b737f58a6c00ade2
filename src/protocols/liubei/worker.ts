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
import type { GradientResult } from '../../learn/engine.ts';
import { PRIO } from '../../sim/kernel.ts';
import { inPlace } from '../../sim/logic.ts';
import { computeThen } from '../runtime/compute.ts';
import type { Self } from '../runtime/node.ts';
import { filterRecorder, StepQuorum } from '../runtime/quorum.ts';
import { isGather } from './config.ts';
import type { GatherModelMsg } from './messages.ts';
import { localEstimate } from './model-filter.ts';
import { scatterSteps } from './scatter.ts';
import type { LiubeiWorkerEnv, LiubeiWorkerEvent, LiubeiWorkerState } from './worker-types.ts';

export type { LiubeiWorkerEnv } from './worker-types.ts';

export function liubeiWorkerLogic(env: LiubeiWorkerEnv) {
  const judged = filterRecorder(env);
  const record = env.history.record.bind(env.history);
  const nPs = env.replicas.length;
  const self0: { self?: Self<LiubeiWorkerEvent> } = {};
  const timer = (absMs: number, e: LiubeiWorkerEvent) => env.kernel.schedule(Math.max(0, absMs - env.kernel.now), () => self0.self!.send(e), PRIO.timer);

  /** Adopt `params` for the step: its gradient (computed unless given) and payload, then send. */
  const adopt = (s: LiubeiWorkerState, params: Float32Array, used: readonly string[], known?: GradientResult) => {
    s.phase = 'computing';
    const step = s.step;
    const job = Promise.all([known ?? env.gradient(step, params), env.produce(step, params)]);
    computeThen(env.kernel, known ? 0 : env.computeMs(env.kernel.now), job, ([g, payload]) =>
      self0.self!.send({ type: 'adopted', step, params, grad: g.grad, payload, used }),
    );
  };
  const scatter = scatterSteps(env, { send: (e) => self0.self!.send(e), timer, adopt });
  const mergeIfReady = (s: LiubeiWorkerState) => {
    const have = s.gathers.size;
    if (s.phase !== 'gathering' || !(have >= nPs || (s.late && have >= nPs - env.fPs))) return;
    const used = s.gathers.messages;
    record({
      t: env.kernel.now,
      ev: 'aggregate',
      node: env.id,
      step: s.step,
      kind: 'gather-model',
      used: used.map((m) => m.from),
      usedSteps: used.map((m) => m.step),
      ...(s.late ? { timedOut: true } : {}),
    });
    s.phase = 'computing';
    const merged = env.merge(used.map((m) => m.params as Float32Array));
    const step = s.step;
    const from = used.map((m) => m.from);
    env.kernel.schedule(env.mergeMs(have), () => self0.self!.send({ type: 'merged', step, params: merged, used: from }), PRIO.compute);
  };
  const begin = (s: LiubeiWorkerState) => {
    s.attempt = 0;
    s.late = false;
    if (s.step === 0) return adopt(s, s.wOwn, []);
    if (isGather(s.step, env.T)) {
      s.phase = 'gathering';
      for (const m of s.gathers.advance(s.step)) s.gathers.offer(m, s.step, true, nPs);
      timer(env.gatherDeadline(s.step), { type: 'gather-deadline', step: s.step });
      return mergeIfReady(s);
    }
    s.local = localEstimate(s.wOwn, s.gOwn, env.lr(s.step - 1));
    s.ownGrad = env.filters ? env.gradient(s.step, s.wOwn) : undefined;
    scatter.pull(s);
  };
  const sent = (s: LiubeiWorkerState, e: Extract<LiubeiWorkerEvent, { type: 'adopted' }>) => {
    const msg = { kind: 'gradient' as const, step: e.step, from: env.id, index: env.index, grad: e.payload.grad, loss: e.payload.loss };
    for (const r of env.replicas)
      if (!(env.omissionRate > 0 && env.rng() < env.omissionRate)) env.send(r, msg);
      else record({ t: env.kernel.now, ev: 'omit', node: env.id, step: e.step, kind: 'gradient', to: r });
    record({ t: env.kernel.now, ev: 'step', node: env.id, step: e.step, used: e.used });
    s.wOwn = e.params;
    s.gOwn = e.grad;
    s.pulled = undefined;
    s.ownGrad = undefined;
    s.step++;
    s.phase = s.step >= env.steps ? 'done' : env.crashAtStep !== undefined && s.step >= env.crashAtStep ? 'crashed' : 'idle';
    if (s.phase === 'crashed') record({ t: env.kernel.now, ev: 'crash', node: env.id, step: s.step });
    if (s.phase === 'idle') begin(s);
  };
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
            const gathering = s.phase === 'gathering';
            s.gathers.offer(e.msg, s.step, gathering, nPs);
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
          if (s.gathers.size < nPs - env.fPs)
            record({ t: env.kernel.now, ev: 'timeout', node: env.id, step: s.step, have: s.gathers.size, need: nPs - env.fPs });
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
    (): LiubeiWorkerState => {
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
        gathers: new StepQuorum<GatherModelMsg>(env.d, (m) => m.params, counters, judged),
      };
    },
  );
}
