/**
 * The DLG experiment's run: at each step t, worker w0 computes its step-t mini-batch gradient at
 * the model's initial parameters (the workload's oracle: the batch from stream
 * `worker/0/batch/<t>`, then its privacy mechanisms) and sends it; the curious server, knowing
 * only the parameters and the vector it received (and the labels with `dlg.labels: known`), runs
 * the gradient-matching attack from dummy data drawn from `server/dlg/<t>`. The judge then matches
 * the reconstruction to the true batch (the ground truth, read here for measurement only) and the
 * row records PSNR, MSE, labels recovered and the final gradient distance.
 * Virtual time: the worker's gradient cost per step (compute.gradient); the attack runs off the
 * clock (its wall time is what the seed's §4.3 argues grows with the batch). No network is
 * simulated: the gradient reaches the server as sent.
 */
import { tf, useBackend } from '../../learn/backend.ts';
import { dimension, initParams } from '../../learn/model.ts';
import { dlgReconstruct, matchReconstructions } from '../../privacy/dlg.ts';
import { metricsRow, round, type MetricsRow } from '../../sim/metrics.ts';
import { stream } from '../../sim/rng.ts';
import type { RunInput, RunResult } from '../types.ts';
import { buildWorkload } from '../workload/workload.ts';

const VICTIM = 0;

export async function runDlg(input: RunInput): Promise<RunResult> {
  const { plan, model } = input;
  const cfg = plan.config;
  const settings = cfg.dlg ?? { iterations: 300, lr: 0.1, labels: 'auto' as const };
  await useBackend(cfg.backend);
  const work = buildWorkload(plan, input.engine, input.train);
  const params = initParams(model, stream(cfg.seed, 'model/init'));
  const g = cfg.compute.gradient;
  const b = cfg.workers.batch;
  const stepMs = g.fixedMs + g.perExampleMs * b + g.perParamNs * dimension(model) * 1e-6;
  const features = input.train.features;
  const rows: MetricsRow[] = [];
  for (let step = 0; step < cfg.steps; step++) {
    const sent = await work.oracle.ownPayload(VICTIM, step, params);
    const truth = work.oracle.batch(VICTIM, step);
    const known = settings.labels === 'known' ? truth.y : undefined;
    const r = dlgReconstruct(
      tf,
      model,
      params,
      sent.grad,
      b,
      { iterations: settings.iterations, lr: settings.lr, labels: settings.labels, rng: stream(cfg.seed, `server/dlg/${step}`) },
      known,
    );
    // the judge: the true batch against the reconstruction
    const m = matchReconstructions(truth.x, r.x, b, features);
    let right = 0;
    for (let i = 0; i < b; i++) if (r.y[m.assignment[i]] === truth.y[i]) right++;
    const row = metricsRow(
      { step, timeMs: round((step + 1) * stepMs), trainLoss: round(sent.loss), used: 1, byzantineUsed: 0, timedOut: false },
      { psnr: round(m.meanPsnr), mse: round(m.meanMse), labelAccuracy: round(right / b), gradientDistance: round(r.distance) },
      { sent: step + 1, delivered: step + 1, dropped: 0, duplicated: 0, stale: 0, faulty: 0 },
    );
    rows.push(row);
    input.onRow?.(row);
  }
  return { rows, steps: cfg.steps, stalled: false, status: 'completed', timeMs: round(cfg.steps * stepMs), events: 0, finalParams: params };
}
