/**
 * Splitting training examples across n workers.
 * - iid: a random permutation dealt round-robin (sizes differ by at most one);
 * - Dirichlet(α) (Hsu et al. 2019): for each class, proportions p ~ Dir(α·1ₙ) split that
 *   class's examples among workers; small α ⇒ each worker sees few classes (non-IID).
 */
import { gamma, shuffle } from '../../sim/rng.ts';

export type Partition = 'iid' | { readonly dirichlet: number };

export function partition(labels: Int32Array, classes: number, n: number, how: Partition, rng: () => number): Int32Array[] {
  if (how === 'iid') {
    const order = Int32Array.from({ length: labels.length }, (_, i) => i);
    shuffle(order, rng);
    const parts: number[][] = Array.from({ length: n }, () => []);
    order.forEach((ex, k) => parts[k % n].push(ex));
    return parts.map((p) => Int32Array.from(p));
  }
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  labels.forEach((c, i) => byClass[c].push(i));
  const parts: number[][] = Array.from({ length: n }, () => []);
  for (const members of byClass) {
    shuffle(members, rng);
    const p = Array.from({ length: n }, () => gamma(rng, how.dirichlet));
    const total = p.reduce((a, b) => a + b, 0) || 1;
    let start = 0;
    let acc = 0;
    for (let w = 0; w < n; w++) {
      acc += p[w] / total;
      const end = w === n - 1 ? members.length : Math.round(acc * members.length);
      for (let k = start; k < end; k++) parts[w].push(members[k]);
      start = end;
    }
  }
  // A worker left empty gets one example from the largest part, so every worker can compute.
  for (const part of parts)
    if (part.length === 0) {
      const donor = parts.reduce((a, b) => (b.length > a.length ? b : a));
      part.push(donor.pop()!);
    }
  return parts.map((p) => Int32Array.from(p.sort((a, b) => a - b)));
}
