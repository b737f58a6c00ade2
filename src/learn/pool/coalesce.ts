/**
 * Coalescing gradient jobs: jobs submitted in the same tick (before the next microtask) at
 * the *same* parameter array — k honest workers of a synchronous round — are handed over
 * together, so a dense model computes them in one stacked pass (gradient.ts `gradients`).
 * Results are bit-for-bit those of one-at-a-time gradients whatever the grouping, so
 * coalescing is invisible but for speed. Inputs are read when the group runs: callers must
 * not modify the arrays they passed until the promise settles (the pool copies them at the
 * next microtask).
 */
import type { Batch, GradientResult } from '../gradient.ts';

/**
 * Backends whose matMuls are checked to compute each output row independently of the others
 * (test/learn/gradient.test.ts), so stacking gradients keeps their bits: coalescing is on by
 * default there only (libtensorflow's GEMM may block rows differently).
 */
export const STACKS_EXACTLY: ReadonlySet<string> = new Set(['wasm', 'cpu']);

interface Waiting {
  readonly params: Float32Array;
  readonly batch: Batch;
  resolve(r: GradientResult): void;
  reject(e: unknown): void;
}

export type RunGroup = (params: Float32Array, batches: Batch[]) => Promise<GradientResult[]>;

export class Coalescer {
  private waiting: Waiting[] = [];
  constructor(private readonly run: RunGroup) {}

  submit(params: Float32Array, x: Float32Array, y: Int32Array): Promise<GradientResult> {
    if (this.waiting.length === 0) queueMicrotask(() => this.flush());
    return new Promise((resolve, reject) => this.waiting.push({ params, batch: { x, y }, resolve, reject }));
  }

  private flush(): void {
    const groups = new Map<Float32Array, Waiting[]>();
    for (const w of this.waiting.splice(0)) {
      const g = groups.get(w.params);
      if (g) g.push(w);
      else groups.set(w.params, [w]);
    }
    for (const [params, group] of groups) {
      this.run(
        params,
        group.map((w) => w.batch),
      ).then(
        (rs) => group.forEach((w, j) => w.resolve(rs[j])),
        (e) => group.forEach((w) => w.reject(e)),
      );
    }
  }
}
