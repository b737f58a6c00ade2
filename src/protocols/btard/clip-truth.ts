/**
 * The ground truth the `robust-aggregate` predicate judges (btard/predicates.ts): per step, the
 * aggregate every honest member applied and the gradients the honest members contributed, turned
 * into the history's `clip` record once the step is applied — per butterfly part p (butterfly.ts),
 * the distance ‖x_p − ḡ_p‖ of the applied CenteredClip x_p to the honest members' mean part ḡ_p and
 * their radius max_i ‖g_i,p − ḡ_p‖. The run feeds it (it knows who is honest); the peers never read it.
 */
import type { History } from '../runtime/history.ts';
import { splitParts } from './butterfly.ts';

export class ClipTruth {
  private readonly grads = new Map<string, Float32Array>();
  private readonly applied = new Map<number, Float32Array>();

  /** Honest member `id` contributed `grad` at `step`. */
  contributed(step: number, id: string, grad: Float32Array): void {
    this.grads.set(`${step}/${id}`, grad);
  }

  /** An honest member applied `agg` at `step` (every honest member applies the same). */
  apply(step: number, agg: Float32Array): void {
    this.applied.set(step, agg);
  }

  /** Record step `step`'s `clip` record (its `members`, of which `honest` are) and forget the step. */
  record(history: History, t: number, step: number, members: readonly string[], honest: readonly string[], tau: number): void {
    const agg = this.applied.get(step);
    const grads = honest.map((id) => this.grads.get(`${step}/${id}`)).filter((g) => g !== undefined);
    this.applied.delete(step);
    for (const id of members) this.grads.delete(`${step}/${id}`);
    if (!history.on || agg === undefined || grads.length === 0 || grads.length !== honest.length) return;
    const m = members.length;
    const xs = splitParts(agg, m);
    const parts = grads.map((g) => splitParts(g, m));
    const distance: number[] = [];
    const radius: number[] = [];
    for (let p = 0; p < m; p++) {
      const mean = new Float64Array(xs[p].length);
      for (const g of parts) for (let k = 0; k < mean.length; k++) mean[k] += g[p][k] / parts.length;
      distance.push(dist(xs[p], mean));
      radius.push(Math.max(...parts.map((g) => dist(g[p], mean))));
    }
    history.record({ t, ev: 'clip', step, members: m, honest: honest.length, tau, distance, radius });
  }
}

function dist(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] - b[k]) ** 2;
  return Math.sqrt(s);
}
