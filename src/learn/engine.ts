/**
 * Making gradient engines (the contract is in gradient-engine.ts). `createEngine` is the one entry point: in-thread for one thread, a worker-thread pool
 * (src/learn/pool) otherwise; both run the same job code on the same backend, so they give
 * the same bits.
 */
import { availableParallelism } from 'node:os';
import type { ModelDef } from './model.ts';
import type { ClippedSum } from './per-example.ts';
import type { Evaluation, GradientResult } from './gradient.ts';
import type { GradientEngine } from './gradient-engine.ts';
import { tf, useBackend, type BackendName } from './backend.ts';
import { runJob, type Job } from './pool/jobs.ts';
import { Coalescer, STACKS_EXACTLY } from './pool/coalesce.ts';
import { isDense } from './gradient.ts';
import { buildModel, type ModelSpec } from './pool/spec.ts';
import { createPoolEngine } from './pool/pool-engine.ts';

export type { GradientResult } from './gradient.ts';
export type { GradientEngine } from './gradient-engine.ts';
export type { ModelSpec } from './pool/spec.ts';
export { buildModel } from './pool/spec.ts';

/**
 * The engine that computes on the calling thread. With `coalesce` (default), a dense
 * model's gradients submitted in the same tick at the same parameter array run as one
 * stacked pass (same bits, fewer dispatches; see pool/coalesce.ts).
 */
export async function createLocalEngine(model: ModelDef, backend: BackendName = 'auto', options: { coalesce?: boolean } = {}): Promise<GradientEngine> {
  const name = await useBackend(backend);
  // tfjs has one global backend: switch back to ours if someone else moved it (the switch
  // to an initialised backend is synchronous).
  const run = (job: Job) => {
    if (tf.getBackend() !== name) void tf.setBackend(name);
    return runJob(tf, model, job);
  };
  const coalescer =
    (options.coalesce ?? STACKS_EXACTLY.has(name)) && isDense(model)
      ? new Coalescer(async (params, batches) => run({ op: 'gradients', params, batches }) as GradientResult[])
      : undefined;
  return {
    backend: name,
    model,
    gradient: async (params, x, y) => (coalescer ? coalescer.submit(params, x, y) : (run({ op: 'gradient', params, x, y }) as GradientResult)),
    evaluate: async (params, x, y) => run({ op: 'evaluate', params, x, y }) as Evaluation,
    perExampleClippedSum: async (params, x, y, C) => run({ op: 'clippedSum', params, x, y, C }) as ClippedSum,
    close: async () => undefined,
  };
}

export interface EngineOptions {
  /** Worker threads: a count, or 'auto' for one per core; 1 computes in-thread. Default 'auto'. */
  readonly threads?: number | 'auto';
  readonly backend?: BackendName;
  /** Stack same-tick, same-parameter gradients of dense models into one pass (same bits; default on wasm and cpu). */
  readonly coalesce?: boolean;
}

/** The number of threads `threads` means on this machine. */
export function resolveThreads(threads: number | 'auto' = 'auto'): number {
  const n = threads === 'auto' ? availableParallelism() : threads;
  if (!Number.isInteger(n) || n < 1) throw new Error(`engine: threads must be an integer ≥ 1 or 'auto', got ${threads}`);
  return n;
}

/**
 * The engine the simulator should use: in-thread for 1 thread, else a worker pool.
 * `threads: 'auto'` is one thread per core on the embedded backends, but 1 when tfjs-node
 * will run: libtensorflow already spreads one gradient over every core.
 */
export async function createEngine(spec: ModelSpec, options: EngineOptions = {}): Promise<GradientEngine> {
  const wantsNode = (options.backend ?? 'auto') === 'auto' || options.backend === 'tensorflow';
  const auto = (options.threads ?? 'auto') === 'auto';
  const threads = auto && wantsNode && (await tfjsNodeInstalled()) ? 1 : resolveThreads(options.threads);
  if (threads === 1) return createLocalEngine(buildModel(spec), options.backend, { coalesce: options.coalesce });
  return createPoolEngine(spec, { threads, backend: options.backend, coalesce: options.coalesce });
}

async function tfjsNodeInstalled(): Promise<boolean> {
  return import('@tensorflow/tfjs-node' as string).then(
    () => true,
    () => false,
  );
}
