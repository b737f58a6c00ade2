/**
 * GuanYu (El Mhamdi, Guerraoui, Guirguis, Rouault 2019; seed 002): n_ps server replicas of which
 * the last f_ps are Byzantine, n workers of which the last f are Byzantine, an asynchronous
 * network, quorums everywhere. Step t: every replica sends its model to the workers; a worker
 * takes the coordinate-wise median of the first q_ps models, computes its gradient there and
 * sends it to every replica; a replica aggregates the first q_wr gradients with the GAR F and
 * updates (w̄); replicas exchange w̄ and each takes the median of the first q_ps → w_{t+1}.
 * Requirements: n_ps ≥ 3f_ps+3, n ≥ 3f+3, 2f_ps+3 ≤ q_ps ≤ n_ps−f_ps, 2f+3 ≤ q_wr ≤ n−f.
 *
 * History: besides the nodes' records, a `spread` record per step once every correct replica
 * finished it (the correct replicas' updates' spread and their merged models').
 * Metrics: a row per step once every correct replica finished it; accuracy of replica s0's
 * model, `drift` = max over correct replicas of ‖w_i − w̄‖ (w̄ their mean). Omniscient Byzantine
 * workers are handed the honest gradients evaluated at their own median model (each worker holds
 * its own in GuanYu).
 */
import { coordinateMedian } from '../../gars/median.ts';
import { round } from '../../sim/metrics.ts';
import { drift } from '../runtime/drift.ts';
import { portsFrom, spawnNode } from '../runtime/node.ts';
import { replicaWiring, spawnWorkers } from '../runtime/replicated-nodes.ts';
import { runReplicated } from '../runtime/replicated-run.ts';
import type { RunContext } from '../runtime/run.ts';
import { spread } from '../runtime/spread.ts';
import type { RunInput, RunResult } from '../types.ts';
import type { GuanyuMessage } from './messages.ts';
import { guanyuNodes, replicaQuorum, type GuanyuRole } from './nodes.ts';
import { replicaLogic, type ReplicaStep } from './replica.ts';
import { guanyuWorkerLogic } from './worker.ts';

type Ctx = RunContext<GuanyuMessage, GuanyuRole>;
const merge = (models: readonly Float32Array[]) => coordinateMedian(models);

export function runGuanyu(input: RunInput): Promise<RunResult> {
  return runReplicated<GuanyuMessage, GuanyuRole, ReplicaStep>(input, guanyuNodes(input.plan.config), (ctx: Ctx) => ({
    workers: spawnWorkers(ctx, (_w, wiring) => guanyuWorkerLogic({ ...wiring, modelQuorum: replicaQuorum(ctx.cfg), merge })),
    startWorkers: false,
    spawnReplica: (r, byzantine, hooks) => {
      const wiring = replicaWiring(ctx, r);
      return spawnNode(
        ctx,
        r.id,
        replicaLogic({
          ...wiring,
          toWorker: portsFrom(ctx.network, r.id, wiring.workers),
          toPeer: portsFrom(ctx.network, r.id, wiring.peers),
          modelQuorum: replicaQuorum(ctx.cfg),
          merge,
          byzantine,
          ...hooks,
        }),
      );
    },
    record: (list) => {
      if (!ctx.history.on) return;
      const info = list[list.length - 1];
      const [before, after] = [spread(list.map((x) => x.update)), spread(list.map((x) => x.params))];
      ctx.history.record({ t: info.timeMs, ev: 'spread', step: info.step, nodes: list.map((x) => x.replica), before, after });
    },
    fields: (list) => ({ drift: round(drift(list.map((x) => x.params))) }),
  }));
}
