/** `byzsim privacy epsilon …` (RDP accountant) and `byzsim privacy dlg …` (gradient inversion). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { BackendName } from '../learn/backend.ts';
import type { DlgLabels } from '../privacy/dlg.ts';
import { checkAccountant, privacySpent } from '../privacy/rdp.ts';
import { sparsifyVector } from '../privacy/sparsify.ts';
import { normal, stream } from '../sim/rng.ts';

const BACKEND_NAMES = ['auto', 'tensorflow', 'wasm', 'cpu'];
// cnn is out: tfjs has no gradient for Conv2DBackpropFilter, so no second-order gradients through conv2d
const DLG_MODELS = ['mlp', 'logreg'];
import type { Conversion } from '../privacy/rdp.ts';
import { show } from '../scenario/checks/show.ts';
import { UserError } from './errors.ts';
import { outDirFlag, strictNumber } from './flags.ts';

function num(flag: string, v: string | undefined): number {
  if (v === undefined) throw new UserError(`privacy: ${flag} is required`);
  // accept fractions such as 256/60000 for --q
  const m = /^\s*([^/]+?)\s*\/\s*([^/]+?)\s*$/.exec(v);
  const x = m ? strictNumber(m[1]) / strictNumber(m[2]) : strictNumber(v);
  if (!Number.isFinite(x)) throw new UserError(`privacy: ${flag} must be a number, got ${show(v)}`);
  return x;
}

interface EpsilonFlags {
  sigma?: string;
  q?: string;
  steps?: string;
  delta?: string;
  conversion: string;
  json?: boolean;
}

function epsilonCommand(privacy: Command): void {
  privacy
    .command('epsilon')
    .description('ε after T steps of the sampled Gaussian mechanism (RDP accountant, as Opacus)')
    .option('--sigma <s>', 'noise multiplier σ (noise std / clipping norm)')
    .option('--q <q>', 'sampling rate q (e.g. 256/60000)')
    .option('--steps <T>', 'number of steps T')
    .option('--delta <d>', 'target δ')
    .option('--conversion <c>', 'RDP → (ε, δ): balle (Opacus) | tf-privacy (Mironov 2017)', 'balle')
    .option('--json', 'print {"epsilon", "order", "delta", …} as JSON')
    .action((flags: EpsilonFlags) => {
      const sigma = num('--sigma', flags.sigma);
      const q = num('--q', flags.q);
      const steps = num('--steps', flags.steps);
      const delta = num('--delta', flags.delta);
      const bad = checkAccountant(sigma, q, steps, delta);
      if (bad) throw new UserError(`privacy epsilon: ${bad}`);
      if (flags.conversion !== 'balle' && flags.conversion !== 'tf-privacy')
        throw new UserError(`privacy epsilon: --conversion must be balle or tf-privacy, got ${show(flags.conversion)}`);
      const spent = privacySpent([{ q, sigma, steps }], delta, { conversion: flags.conversion as Conversion });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ epsilon: spent.epsilon, order: spent.order, delta, sigma, q, steps, conversion: flags.conversion })}\n`);
        return;
      }
      process.stdout.write(`${spent.epsilon}\n`);
      const edge = spent.atEdge ? ' (optimum at the edge of the orders: the bound may be loose)' : '';
      process.stderr.write(`ε = ${spent.epsilon.toFixed(4)} at order α = ${spent.order}, δ = ${delta}, ${flags.conversion} conversion${edge}\n`);
    });
}

interface DlgFlags {
  model: string;
  batch: string;
  noise?: string;
  sparsify?: string;
  iterations: string;
  lr: string;
  labels: string;
  seed: string;
  out: string;
  hidden: string;
  backend: string;
  json?: boolean;
}

function intIn(flag: string, v: string, lo: number, hi: number): number {
  const x = strictNumber(v);
  if (!Number.isInteger(x) || x < lo || x > hi) throw new UserError(`privacy dlg: ${flag} must be an integer in [${lo}, ${hi}], got ${show(v)}`);
  return x;
}

/** Validated settings of `privacy dlg`, or a UserError. */
function dlgSettings(flags: DlgFlags) {
  if (flags.model === 'cnn')
    throw new UserError(
      'privacy dlg: --model cnn is not supported: tfjs has no second-order gradient through conv2d (Conv2DBackpropFilter); use mlp or logreg',
    );
  if (!DLG_MODELS.includes(flags.model)) throw new UserError(`privacy dlg: --model must be mlp or logreg, got ${show(flags.model)}`);
  if (flags.noise !== undefined && flags.sparsify !== undefined) throw new UserError('privacy dlg: give --noise or --sparsify, not both');
  const noise = flags.noise === undefined ? 0 : num('--noise', flags.noise);
  if (!(noise >= 0)) throw new UserError(`privacy dlg: --noise must be a standard deviation ≥ 0, got ${show(flags.noise)}`);
  const sparsify = flags.sparsify === undefined ? 0 : num('--sparsify', flags.sparsify);
  if (!(sparsify >= 0 && sparsify <= 1)) throw new UserError(`privacy dlg: --sparsify must be a fraction in [0, 1], got ${show(flags.sparsify)}`);
  if (!['auto', 'idlg', 'optimize', 'known'].includes(flags.labels))
    throw new UserError(`privacy dlg: --labels must be auto, idlg, optimize or known, got ${show(flags.labels)}`);
  if (!BACKEND_NAMES.includes(flags.backend))
    throw new UserError(`privacy dlg: --backend must be one of ${BACKEND_NAMES.join(', ')}, got ${show(flags.backend)}`);
  const lr = num('--lr', flags.lr);
  if (!(lr > 0)) throw new UserError(`privacy dlg: --lr must be > 0, got ${show(flags.lr)}`);
  const hidden = flags.hidden.split(',').map((h) => intIn('--hidden', h, 1, 100_000));
  const batch = intIn('--batch', flags.batch, 1, 64);
  if (flags.labels === 'idlg' && batch !== 1) throw new UserError('privacy dlg: --labels idlg needs --batch 1');
  outDirFlag('--out', flags.out);
  return { noise, sparsify, lr, hidden, batch, iterations: intIn('--iterations', flags.iterations, 1, 100_000), seed: intIn('--seed', flags.seed, 0, 2 ** 31) };
}

function dlgCommand(privacy: Command): void {
  privacy
    .command('dlg')
    .description("deep leakage from gradients: a curious server reconstructs a worker's MNIST batch from its gradient")
    .option('--model <name>', 'mlp | logreg (tfjs lacks conv2d second-order gradients, so no cnn)', 'mlp')
    .option('--batch <b>', 'batch size of the attacked gradient', '1')
    .option('--noise <std>', 'worker adds N(0, std²) to every gradient coordinate')
    .option('--sparsify <fraction>', 'worker prunes this fraction of smallest-magnitude components (seed 000: 0.25)')
    .option('--iterations <k>', 'attack optimiser steps (Adam)', '300')
    .option('--lr <rate>', 'attack learning rate', '0.1')
    .option('--labels <mode>', 'auto | idlg | optimize | known', 'auto')
    .option('--hidden <widths>', 'MLP hidden widths, comma-separated', '100')
    .option('--seed <n>', 'seed for the model, the batch and the dummy data', '0')
    .option('--backend <name>', 'tfjs backend (cpu is safest for second-order gradients)', 'cpu')
    .option('--out <dir>', 'where to write dlg.svg and dlg.json', 'reports/dlg')
    .option('--json', 'print the result as JSON')
    .action(async (flags: DlgFlags) => {
      const s = dlgSettings(flags);
      // tfjs and MNIST load only for this subcommand, so `privacy epsilon` starts fast
      const [{ MODELS }, { tf, useBackend }, { loadMnist }, { take }, { gradient }, { initParams }, { dlgExperiment }, { imageGrid }] = await Promise.all([
        import('../../models/index.ts'),
        import('../learn/backend.ts'),
        import('../learn/data/mnist.ts'),
        import('../learn/data/types.ts'),
        import('../learn/gradient.ts'),
        import('../learn/model.ts'),
        import('../privacy/dlg.ts'),
        import('../report/image-grid.ts'),
      ]);
      await useBackend(flags.backend as BackendName);
      const ds = loadMnist().train;
      const def = MODELS.get(flags.model)!.build(ds, { hidden: s.hidden });
      const params = initParams(def, stream(s.seed, 'dlg/init'));
      const pick = stream(s.seed, 'dlg/batch');
      const batch = take(
        ds,
        Int32Array.from({ length: s.batch }, () => Math.floor(pick() * ds.y.length)),
      );
      const noiseRng = stream(s.seed, 'dlg/noise');
      const defence = (g: Float32Array) => (s.sparsify > 0 ? sparsifyVector(g, s.sparsify) : s.noise > 0 ? g.map((v) => v + s.noise * normal(noiseRng)) : g);
      const started = Date.now();
      const r = dlgExperiment(
        tf,
        def,
        params,
        batch.x,
        batch.y,
        defence,
        { iterations: s.iterations, lr: s.lr, labels: flags.labels as DlgLabels, rng: stream(s.seed, 'dlg/dummy'), traceEvery: 10 },
        (x, y) => gradient(tf, def, params, x, y).grad,
      );
      const seconds = (Date.now() - started) / 1000;
      const defenceLabel = s.sparsify > 0 ? `sparsify ${s.sparsify}` : s.noise > 0 ? `noise std ${s.noise}` : 'no defence';
      const f = ds.features;
      const images = (src: Float32Array, order: (i: number) => number) =>
        Array.from({ length: s.batch }, (_, i) => src.subarray(order(i) * f, (order(i) + 1) * f));
      const svg = imageGrid({
        title: `DLG on ${def.name}, batch ${s.batch}, ${defenceLabel}, ${s.iterations} iterations: mean MSE ${r.meanMse.toExponential(2)}, PSNR ${r.meanPsnr.toFixed(1)} dB`,
        side: ds.shape[0],
        rows: [
          { label: 'original', images: images(batch.x, (i) => i), captions: Array.from(batch.y, (y) => `label ${y}`) },
          {
            label: 'reconstructed',
            images: images(r.reconstruction.x, (i) => r.assignment[i]),
            captions: Array.from(r.psnr, (p, i) => `${p.toFixed(1)} dB, ${r.reconstruction.y[r.assignment[i]]}`),
          },
        ],
      });
      mkdirSync(flags.out, { recursive: true });
      writeFileSync(join(flags.out, 'dlg.svg'), svg);
      const summary = {
        model: def.name,
        batch: s.batch,
        defence: defenceLabel,
        iterations: s.iterations,
        seed: s.seed,
        labelMode: r.reconstruction.labelMode,
        mse: r.meanMse,
        psnr: r.meanPsnr,
        perImageMse: Array.from(r.mse),
        perImagePsnr: Array.from(r.psnr),
        labelAccuracy: r.labelAccuracy,
        gradientDistance: r.reconstruction.distance,
        trace: r.reconstruction.trace,
        seconds,
      };
      writeFileSync(join(flags.out, 'dlg.json'), `${JSON.stringify(summary, null, 1)}\n`);
      if (flags.json) process.stdout.write(`${JSON.stringify({ ...summary, trace: undefined })}\n`);
      else
        process.stdout.write(
          `MSE ${r.meanMse.toExponential(3)}  PSNR ${r.meanPsnr.toFixed(2)} dB  labels ${(100 * r.labelAccuracy).toFixed(0)}%  (${defenceLabel}, batch ${s.batch}, ${s.iterations} iterations, ${seconds.toFixed(1)} s) → ${join(flags.out, 'dlg.svg')}\n`,
        );
    });
}

export function register(program: Command): void {
  const privacy = program.command('privacy').description('privacy accounting and the gradient-inversion attack');
  epsilonCommand(privacy);
  dlgCommand(privacy);
}
