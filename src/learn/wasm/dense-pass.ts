/**
 * The dense models' gradient pass fused on the wasm heap: forward, loss head, backward and
 * every batch's gradient in a few calls of our own kernels (kernels.ts), without one tfjs op
 * per step. The same computation as gradient.ts's tfjs pass (`denseGradientsTf`), op for op
 * and bit for bit (test/learn/dense-pass.test.ts):
 *
 *   forward   z_l = h_l·W_l + b_l,  h_{l+1} = relu(z_l)       (products: XNNPACK's summation order)
 *   head      δ_L, ℓ from z_L (loss-head.ts), δ_L ← δ_L / b_j on batch j's rows
 *   backward  δ_{l−1} = (δ_l·W_lᵀ) ⊙ [z_{l−1} > 0]
 *   batch j   ∇W_l = h_lᵀ·δ_l and ∇b_l = Σ_rows δ_l over its rows (sums from +0, rows in order)
 *
 * Rows never mix (every op is row-wise, or a product over one batch's rows), so batches are
 * processed in chunks of at most CHUNK_ROWS rows with the same bits, which bounds the heap a
 * large group needs. All k gradients land in one Float32Array (one allocation, each batch's
 * gradient copied once); the results are views on it.
 */
import type { Batch, GradientResult } from '../gradient-result.ts';
import type { ModelDef } from '../model.ts';
import { dimension } from '../model.ts';
import type { WasmKernels } from './kernels.ts';
import { Workspace } from './heap.ts';
import { lossHead } from './loss-head.ts';

/** Rows (examples) per chunk of a stacked pass. */
export const CHUNK_ROWS = 2048;

interface Layer {
  readonly fanIn: number;
  readonly fanOut: number;
  /** Element offset of W_l (then b_l) in the flat parameter vector. */
  readonly offset: number;
}

function layersOf(def: ModelDef): Layer[] {
  const out: Layer[] = [];
  let offset = 0;
  for (let l = 0; l < def.params.length; l += 2) {
    const [fanIn, fanOut] = def.params[l].shape;
    out.push({ fanIn, fanOut, offset });
    offset += fanIn * fanOut + fanOut;
  }
  return out;
}

const workspaces = new WeakMap<WasmKernels, Workspace>();

export function denseGradientsWasm(kern: WasmKernels, backend: unknown, def: ModelDef, params: Float32Array, batches: readonly Batch[]): GradientResult[] {
  const features = def.inputShape[0];
  for (const [j, b] of batches.entries()) {
    if (b.y.length === 0 || b.x.length !== b.y.length * features) {
      throw new Error(`gradient: batch ${j} has ${b.x.length} inputs for ${b.y.length} labels of ${features} features`);
    }
  }
  const d = dimension(def);
  const all = new Float32Array(batches.length * d);
  const results: GradientResult[] = batches.map((_, j) => ({ grad: all.subarray(j * d, (j + 1) * d), loss: 0 }));
  let ws = workspaces.get(kern);
  if (!ws) workspaces.set(kern, (ws = new Workspace(kern.heap)));
  for (let j0 = 0; j0 < batches.length; ) {
    let j1 = j0 + 1;
    let rows = batches[j0].y.length;
    while (j1 < batches.length && rows + batches[j1].y.length <= CHUNK_ROWS) rows += batches[j1++].y.length;
    chunk(kern, ws, backend, def, params, batches, j0, j1, rows, all, results);
    j0 = j1;
  }
  return results;
}

/** Batches j0 … j1−1 (rows R in all) through the pass; gradients into `all`, losses into results. */
function chunk(
  kern: WasmKernels,
  ws: Workspace,
  backend: unknown,
  def: ModelDef,
  params: Float32Array,
  batches: readonly Batch[],
  j0: number,
  j1: number,
  R: number,
  all: Float32Array,
  results: GradientResult[],
): void {
  const layers = layersOf(def);
  const L = layers.length;
  const d = params.length;
  const sizes: Record<string, number> = { P: d * 4, G: d * 4 };
  for (const [l, ly] of layers.entries()) {
    sizes[`h${l}`] = R * ly.fanIn * 4; // h0 = x
    sizes[`z${l}`] = R * ly.fanOut * 4;
    sizes[`d${l}`] = R * ly.fanOut * 4;
  }
  const at = ws.layout(sizes);
  const f32 = kern.heap.f32;
  f32.set(params, at.P >> 2);
  for (let j = j0, r = 0; j < j1; r += batches[j++].y.length) f32.set(batches[j].x, (at.h0 >> 2) + r * def.inputShape[0]);
  // Forward.
  for (const [l, ly] of layers.entries()) {
    const W = at.P + ly.offset * 4;
    kern.product({
      m: R,
      n: ly.fanOut,
      k: ly.fanIn,
      a: at[`h${l}`],
      sa: ly.fanIn * 4,
      ka: 4,
      b: W,
      sbk: ly.fanOut * 4,
      sbn: 4,
      c: at[`z${l}`],
      ldc: ly.fanOut * 4,
    });
    kern.biasRelu(at[`z${l}`], l + 1 < L ? at[`h${l + 1}`] : 0, W + ly.fanIn * ly.fanOut * 4, R, ly.fanOut);
  }
  // Head: δ_L and the losses, then the mean over each batch.
  const last = layers[L - 1];
  const y = new Int32Array(R);
  for (let j = j0, r = 0; j < j1; r += batches[j++].y.length) y.set(batches[j].y, r);
  const logits = kern.heap.f32.slice(at[`z${L - 1}`] >> 2, (at[`z${L - 1}`] >> 2) + R * last.fanOut);
  const losses = lossHead(backend, def.loss, logits, y, last.fanOut);
  kern.heap.f32.set(logits, at[`z${L - 1}`] >> 2); // δ_L, before the mean over each batch
  for (let j = j0, r0 = 0; j < j1; r0 += batches[j++].y.length) {
    const b = batches[j].y.length;
    const rows = (a: number) => a + r0 * last.fanOut * 4;
    kern.scale(rows(at[`d${L - 1}`]), rows(at[`z${L - 1}`]), Math.fround(1 / b), b * last.fanOut);
    let sum = 0;
    for (let r = r0; r < r0 + b; r++) sum += losses[r];
    (results[j] as { loss: number }).loss = sum / b;
  }
  // Backward: δ_{l−1} = (δ_l·W_lᵀ) ⊙ step(z_{l−1}) (Wᵀ read through strides when packed).
  for (let l = L - 1; l > 0; l--) {
    const ly = layers[l];
    const W = at.P + ly.offset * 4;
    kern.product({
      m: R,
      n: ly.fanIn,
      k: ly.fanOut,
      a: at[`d${l}`],
      sa: ly.fanOut * 4,
      ka: 4,
      b: W,
      sbk: 4,
      sbn: ly.fanOut * 4,
      c: at[`d${l - 1}`],
      ldc: ly.fanIn * 4,
    });
    kern.maskStep(at[`d${l - 1}`], at[`z${l - 1}`], R * ly.fanIn);
  }
  // Every batch's gradient: ∇W_l = h_lᵀ·δ_l (A strided: transposed rows), ∇b_l = column sums.
  for (let j = j0, r0 = 0; j < j1; r0 += batches[j++].y.length) {
    const b = batches[j].y.length;
    for (const [l, ly] of layers.entries()) {
      const h = at[`h${l}`] + r0 * ly.fanIn * 4;
      const dl = at[`d${l}`] + r0 * ly.fanOut * 4;
      const G = at.G + ly.offset * 4;
      kern.product({ m: ly.fanIn, n: ly.fanOut, k: b, a: h, sa: 4, ka: ly.fanIn * 4, b: dl, sbk: ly.fanOut * 4, sbn: 4, c: G, ldc: ly.fanOut * 4 });
      kern.columnSums(dl, G + ly.fanIn * ly.fanOut * 4, b, ly.fanOut);
    }
    all.set(kern.heap.f32.subarray(at.G >> 2, (at.G >> 2) + d), j * d);
  }
}
