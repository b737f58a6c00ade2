/**
 * Deep Leakage from Gradients (Zhu, Liu, Han, NeurIPS 2019): an honest-but-curious server that
 * sees a worker's gradient g = ∇θ L(x, y) reconstructs (x, y) by optimising dummy inputs x'
 * (and dummy soft labels ŷ') to minimise the gradient distance
 *   D(x', ŷ') = Σ_layers ‖∇θ L(x', softmax(ŷ')) − g‖²,
 * differentiating through the gradient itself (tfjs second-order gradients).
 * Labels: `idlg` (Zhao, Mopuri, Bilen 2020, batch 1 only): for softmax cross-entropy the
 * last-layer bias gradient is p − e_y, whose only negative entry is at y — so y is read off
 * exactly and only x' is optimised; `optimize`: the original DLG joint optimisation of soft
 * labels; `known`: the server knows the labels (input leakage alone); `auto` (default): idlg at
 * batch 1, optimize above. The original uses L-BFGS; we use Adam (tfjs has no L-BFGS), with a
 * bounded number of iterations. Reconstructions are compared with the true images after the
 * best one-to-one matching (batch order is arbitrary), pixel range [0, 1]:
 * MSE = mean (x̂ − x)², PSNR = 10·log10(1/MSE) dB per image.
 * Models: any softmax ModelDef whose ops tfjs can differentiate twice — the MLP and logreg;
 * not the CNN (tfjs has no gradient for Conv2DBackpropFilter). Use the cpu backend (wasm lacks
 * some gradient kernels).
 */
import type { ModelDef, Tensor, Tf } from '../learn/model.ts';
import { unflatten } from '../learn/model.ts';

export type DlgLabels = 'auto' | 'idlg' | 'optimize' | 'known';

export interface DlgOptions {
  /** Adam steps (bounded by 100,000). */
  readonly iterations: number;
  /** Adam learning rate. */
  readonly lr?: number;
  readonly labels?: DlgLabels;
  /** Uniform stream for the dummy initialisation (x' ∼ U[0,1), ŷ' ∼ U[0,1)). */
  readonly rng: () => number;
  /** Record the gradient distance every `traceEvery` iterations (0 = never). */
  readonly traceEvery?: number;
}

export interface DlgReconstruction {
  /** b × features, clamped to [0, 1]. */
  readonly x: Float32Array;
  /** The labels the attacker used or inferred (argmax of the soft labels). */
  readonly y: Int32Array;
  /** Final gradient distance D. */
  readonly distance: number;
  readonly trace: readonly (readonly [number, number])[];
  readonly labelMode: Exclude<DlgLabels, 'auto'>;
}

/**
 * iDLG's label for batch 1: the index of the negative entry of the last-layer bias gradient
 * (the last `outputs` entries of the flat gradient, for models whose last parameter is that bias).
 */
export function idlgLabel(def: ModelDef, grad: Float32Array): number {
  const last = def.params[def.params.length - 1];
  if (last.shape.length !== 1 || last.shape[0] !== def.outputs || def.loss !== 'softmax-ce')
    throw new Error(`dlg: iDLG needs a softmax model whose last parameter is the output bias (model ${def.name})`);
  const bias = grad.subarray(grad.length - def.outputs);
  let at = 0;
  for (let k = 1; k < bias.length; k++) if (bias[k] < bias[at]) at = k;
  return at;
}

function lossOf(tf: Tf, def: ModelDef, ps: Tensor[], x: Tensor, soft: Tensor): Tensor {
  const logits = def.forward(tf, ps, x);
  if (def.loss !== 'softmax-ce') throw new Error(`dlg: soft labels need a softmax model, got loss ${def.loss}`);
  return tf.losses.softmaxCrossEntropy(soft, logits);
}

/** Run the gradient-matching attack on an observed flat gradient for a batch of b examples. */
export function dlgReconstruct(
  tf: Tf,
  def: ModelDef,
  params: Float32Array,
  observed: Float32Array,
  b: number,
  opts: DlgOptions,
  knownLabels?: Int32Array,
): DlgReconstruction {
  if (!(Number.isInteger(opts.iterations) && opts.iterations >= 1 && opts.iterations <= 100_000))
    throw new Error(`dlg: iterations must be an integer in [1, 100000], got ${opts.iterations}`);
  const mode: Exclude<DlgLabels, 'auto'> = (opts.labels ?? 'auto') === 'auto' ? (b === 1 ? 'idlg' : 'optimize') : (opts.labels as Exclude<DlgLabels, 'auto'>);
  if (mode === 'idlg' && b !== 1) throw new Error(`dlg: iDLG label inference needs batch 1, got ${b}`);
  if (mode === 'known' && knownLabels?.length !== b) throw new Error('dlg: labels "known" needs the true labels');
  const features = def.inputShape.reduce((a, c) => a * c, 1);
  const k = def.outputs;
  const fixed = mode === 'idlg' ? Int32Array.of(idlgLabel(def, observed)) : mode === 'known' ? knownLabels! : undefined;
  const ps = unflatten(tf, def, params);
  const target = unflatten(tf, def, observed);
  const dummyX = tf.variable(
    tf.tensor(
      Float32Array.from({ length: b * features }, () => opts.rng()),
      [b, ...def.inputShape],
    ),
  );
  const dummyY = tf.variable(
    tf.tensor(
      Float32Array.from({ length: b * k }, () => opts.rng()),
      [b, k],
    ),
  );
  const hard = fixed ? tf.oneHot(tf.tensor1d(fixed, 'int32'), k).toFloat() : undefined;
  const distance = (): Tensor => {
    const soft = hard ?? tf.softmax(dummyY);
    const grads = tf.grads((...p: Tensor[]) => lossOf(tf, def, p, dummyX, soft) as never)(ps);
    let s: Tensor = tf.scalar(0);
    for (let i = 0; i < grads.length; i++) s = s.add(grads[i].sub(target[i]).square().sum());
    return s;
  };
  const opt = tf.train.adam(opts.lr ?? 0.1);
  const vars = fixed ? [dummyX] : [dummyX, dummyY];
  const trace: [number, number][] = [];
  let last = NaN;
  for (let it = 0; it < opts.iterations; it++) {
    const cost = opt.minimize(() => distance() as never, true, vars);
    const record = opts.traceEvery && (it % opts.traceEvery === 0 || it === opts.iterations - 1);
    if (record || it === opts.iterations - 1) {
      last = cost!.dataSync()[0];
      if (record) trace.push([it, last]);
    }
    cost?.dispose();
  }
  const x = tf.tidy(() => dummyX.clipByValue(0, 1).dataSync() as Float32Array).slice();
  const y = fixed ? Int32Array.from(fixed) : Int32Array.from(tf.tidy(() => dummyY.argMax(1).dataSync()));
  for (const t of [...ps, ...target, dummyX, dummyY, ...(hard ? [hard] : [])]) t.dispose();
  opt.dispose();
  return { x, y, distance: last, trace, labelMode: mode };
}

export interface Match {
  /** assignment[i] = index of the reconstruction matched to true image i. */
  readonly assignment: Int32Array;
  /** Per true image: MSE and PSNR (dB) against its matched reconstruction. */
  readonly mse: Float64Array;
  readonly psnr: Float64Array;
  /** Means over the images. */
  readonly meanMse: number;
  readonly meanPsnr: number;
}

function mseOf(a: Float32Array, b: Float32Array, i: number, j: number, features: number): number {
  let s = 0;
  for (let p = 0; p < features; p++) s += (a[i * features + p] - b[j * features + p]) ** 2;
  return s / features;
}

/** PSNR in dB for pixel range [0, 1]; capped at 100 dB for a perfect match. */
export function psnr(mse: number): number {
  return mse <= 1e-10 ? 100 : -10 * Math.log10(mse);
}

/**
 * Match reconstructions to true images one-to-one minimising the total MSE (exact dynamic
 * programme over subsets for b ≤ 12, greedy above), and report MSE / PSNR per image.
 */
export function matchReconstructions(truth: Float32Array, recon: Float32Array, b: number, features: number): Match {
  const cost = Array.from({ length: b }, (_, i) => Array.from({ length: b }, (_, j) => mseOf(truth, recon, i, j, features)));
  const assignment = new Int32Array(b);
  if (b <= 12) {
    const full = 1 << b;
    const best = new Float64Array(full).fill(Infinity);
    const pick = new Int32Array(full);
    best[0] = 0;
    for (let mask = 0; mask < full; mask++) {
      if (best[mask] === Infinity) continue;
      const i = popcount(mask); // true image i takes one of the unused reconstructions
      for (let j = 0; j < b; j++) {
        if (mask & (1 << j)) continue;
        const next = mask | (1 << j);
        const c = best[mask] + cost[i][j];
        if (c < best[next]) [best[next], pick[next]] = [c, j];
      }
    }
    for (let mask = full - 1, i = b - 1; i >= 0; i--) {
      assignment[i] = pick[mask];
      mask &= ~(1 << pick[mask]);
    }
  } else {
    const used = new Set<number>();
    for (let i = 0; i < b; i++) {
      let at = -1;
      for (let j = 0; j < b; j++) if (!used.has(j) && (at < 0 || cost[i][j] < cost[i][at])) at = j;
      used.add(at);
      assignment[i] = at;
    }
  }
  const mse = Float64Array.from({ length: b }, (_, i) => cost[i][assignment[i]]);
  const ps = mse.map(psnr);
  return { assignment, mse, psnr: ps, meanMse: mse.reduce((a, c) => a + c, 0) / b, meanPsnr: ps.reduce((a, c) => a + c, 0) / b };
}

function popcount(m: number): number {
  let c = 0;
  for (; m; m &= m - 1) c++;
  return c;
}

export interface DlgExperiment extends Match {
  readonly reconstruction: DlgReconstruction;
  /** The true batch (b × features) and labels. */
  readonly truth: Float32Array;
  readonly labels: Int32Array;
  /** Labels recovered correctly, after matching. */
  readonly labelAccuracy: number;
}

/**
 * The whole experiment: the worker's gradient on (x, y) (mean loss over the batch), the
 * worker's defence applied to it (identity, noise, sparsification, …), the attack, the matching.
 */
export function dlgExperiment(
  tf: Tf,
  def: ModelDef,
  params: Float32Array,
  x: Float32Array,
  y: Int32Array,
  defence: (grad: Float32Array) => Float32Array,
  opts: DlgOptions,
  gradientOf: (x: Float32Array, y: Int32Array) => Float32Array,
): DlgExperiment {
  const b = y.length;
  const features = x.length / b;
  const observed = defence(gradientOf(x, y));
  const reconstruction = dlgReconstruct(tf, def, params, observed, b, opts, y);
  const m = matchReconstructions(x, reconstruction.x, b, features);
  let right = 0;
  for (let i = 0; i < b; i++) if (reconstruction.y[m.assignment[i]] === y[i]) right++;
  return { ...m, reconstruction, truth: x, labels: y, labelAccuracy: right / b };
}
