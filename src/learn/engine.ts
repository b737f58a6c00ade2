/**
 * The gradient engine: what the simulator calls to get mini-batch gradients and evaluations.
 * Calls return promises so an implementation may run them on other threads; the simulator
 * submits a job when a worker starts computing and awaits it only when the virtual clock
 * reaches the job's completion, so independent jobs overlap. Results must be a pure
 * function of the inputs (bit for bit), whatever the implementation, for determinism.
 */
import type { ModelDef } from './model.ts';
import type { Evaluation, GradientResult } from './gradient.ts';
import { evaluate, gradient } from './gradient.ts';
import { tf, useBackend, type BackendName } from './backend.ts';

export type { Evaluation, GradientResult } from './gradient.ts';

export interface GradientEngine {
  /** The tfjs backend that runs the math (`tensorflow`, `wasm` or `cpu`). */
  readonly backend: string;
  readonly model: ModelDef;
  /** Gradient of the mean loss over the batch (x: b × features row-major, y: b labels). */
  gradient(params: Float32Array, x: Float32Array, y: Int32Array): Promise<GradientResult>;
  evaluate(params: Float32Array, x: Float32Array, y: Int32Array): Promise<Evaluation>;
  close(): Promise<void>;
}

/** The engine that computes on the calling thread. */
export async function createLocalEngine(model: ModelDef, backend: BackendName = 'auto'): Promise<GradientEngine> {
  const name = await useBackend(backend);
  return {
    backend: name,
    model,
    gradient: async (params, x, y) => gradient(tf, model, params, x, y),
    evaluate: async (params, x, y) => evaluate(tf, model, params, x, y),
    close: async () => undefined,
  };
}
