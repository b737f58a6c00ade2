/**
 * The jobs a gradient engine runs, as plain data, and the one function that runs them.
 * The in-thread engine and every pool thread call `runJob`, so a result is the same bits
 * whichever thread computed it.
 */
import type { ModelDef, Tf } from '../model.ts';
import { evaluate, evaluateChunks, gradient, gradients, type Batch, type ChunkedEvaluation, type Evaluation, type GradientResult } from '../gradient.ts';
import { perExampleClippedSum, type ClippedSum } from '../per-example.ts';

export type Job =
  | { readonly op: 'gradient'; readonly params: Float32Array; readonly x: Float32Array; readonly y: Int32Array }
  | { readonly op: 'evaluate'; readonly params: Float32Array; readonly x: Float32Array; readonly y: Int32Array }
  | { readonly op: 'evaluateChunks'; readonly params: Float32Array; readonly x: Float32Array; readonly y: Int32Array }
  | { readonly op: 'gradients'; readonly params: Float32Array; readonly batches: readonly Batch[] }
  | { readonly op: 'clippedSum'; readonly params: Float32Array; readonly x: Float32Array; readonly y: Int32Array; readonly C: number };

export type JobResult = GradientResult | GradientResult[] | Evaluation | ChunkedEvaluation | ClippedSum;

export function runJob(tf: Tf, model: ModelDef, job: Job): JobResult {
  switch (job.op) {
    case 'gradient':
      return gradient(tf, model, job.params, job.x, job.y);
    case 'gradients':
      return gradients(tf, model, job.params, job.batches);
    case 'evaluate':
      return evaluate(tf, model, job.params, job.x, job.y);
    case 'evaluateChunks':
      return evaluateChunks(tf, model, job.params, job.x, job.y);
    case 'clippedSum':
      return perExampleClippedSum(tf, model, job.params, job.x, job.y, job.C);
  }
}

/**
 * The buffers a result can hand over without copying (postMessage transfer list). A group's
 * gradients may be views on one buffer (wasm/dense-pass.ts): each buffer is listed once.
 */
export function transferables(r: JobResult): ArrayBuffer[] {
  if (Array.isArray(r)) return [...new Set(r.map((g) => g.grad.buffer as ArrayBuffer))];
  if ('grad' in r) return [r.grad.buffer as ArrayBuffer];
  if ('sum' in r) return [r.sum.buffer as ArrayBuffer, r.norms.buffer as ArrayBuffer];
  return [];
}

/** The buffers of a job to transfer: fresh copies, so the caller keeps its arrays. */
export function copyForTransfer(job: Job): { job: Job; transfer: ArrayBuffer[] } {
  if (job.op === 'gradients') {
    const params = job.params.slice();
    const batches = job.batches.map((b) => ({ x: b.x.slice(), y: b.y.slice() }));
    return { job: { ...job, params, batches }, transfer: [params.buffer, ...batches.flatMap((b) => [b.x.buffer, b.y.buffer])] };
  }
  const params = job.params.slice();
  const x = job.x.slice();
  const y = job.y.slice();
  return { job: { ...job, params, x, y }, transfer: [params.buffer, x.buffer, y.buffer] };
}
