/**
 * The gradient engine's contract: what the simulator calls to get mini-batch gradients and
 * evaluations. Calls return promises so an implementation may run them on other threads; the
 * simulator submits a job when a worker starts computing and awaits it only when the virtual
 * clock reaches the job's completion, so independent jobs overlap. Results must be a pure
 * function of the inputs (bit for bit), whatever the implementation, for determinism.
 * Implemented in-thread (engine.ts) and on a worker-thread pool (pool/pool-engine.ts).
 */
import type { ModelDef } from './model.ts';
import type { Evaluation, GradientResult } from './gradient.ts';
import type { ClippedSum } from './per-example.ts';

export interface GradientEngine {
  /** The tfjs backend that runs the math (`tensorflow`, `wasm` or `cpu`). */
  readonly backend: string;
  readonly model: ModelDef;
  /**
   * Gradient of the mean loss over the batch (x: b × features row-major, y: b labels).
   * The arrays may be read up to the next microtask: do not modify them before then.
   */
  gradient(params: Float32Array, x: Float32Array, y: Int32Array): Promise<GradientResult>;
  evaluate(params: Float32Array, x: Float32Array, y: Int32Array): Promise<Evaluation>;
  /**
   * DP-SGD's per-example clipping: Σᵢ min(1, C/‖gᵢ‖)·gᵢ and every ‖gᵢ‖ (see per-example.ts).
   * Optional in the contract; both engines made here have it.
   */
  perExampleClippedSum?(params: Float32Array, x: Float32Array, y: Int32Array, C: number): Promise<ClippedSum>;
  close(): Promise<void>;
}
