/**
 * Sweep progress on stderr. On a terminal: one bar with configurations done / total, steps,
 * elapsed time and an ETA from the steps computed so far (skipped ones do not count), and
 * the cursor restored by `stop()` (called on Ctrl-C too). Otherwise one line per
 * configuration started and finished, with its wall time.
 */
import cliProgress from 'cli-progress';
import type { PlannedRun } from '../scenario/load.ts';
import type { RunSummary } from '../sweep/run-scenario.ts';

export interface Progress {
  start(run: PlannedRun, index: number, info: { backend: string; skipped: boolean }): void;
  step(index: number, step: number): void;
  end(run: PlannedRun, index: number, summary: RunSummary, wallMs: number | undefined): void;
  stop(): void;
}

const clock = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor(s / 60) % 60).padStart(2, '0')}m`
    : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
};

export function createProgress(runs: readonly PlannedRun[], stream: NodeJS.WriteStream, now: () => number): Progress {
  const n = runs.length;
  const tag = (i: number) => `[${i + 1}/${n}]`;
  if (!stream.isTTY) {
    return {
      start: (run, i, info) =>
        stream.write(`${tag(i)} ${run.label}: ${info.skipped ? 'already done, skipped (--resume)' : `started, backend ${info.backend}`}\n`),
      step: () => undefined,
      end: (run, i, s, wallMs) =>
        stream.write(
          `${tag(i)} ${run.label}: ${s.stalled ? `stalled after ${s.steps} steps` : `finished, ${s.steps} steps`}${wallMs !== undefined ? ` in ${(wallMs / 1000).toFixed(1)} s` : ''}\n`,
        ),
      stop: () => undefined,
    };
  }
  const total = runs.reduce((a, r) => a + r.config.steps, 0);
  const steps = runs.map(() => 0);
  const running = new Set<number>();
  let cells = 0;
  let skippedSteps = 0;
  const t0 = now();
  const bar = new cliProgress.SingleBar(
    { format: ' {bar} {cells}/{n} configurations | {value}/{total} steps | {elapsed} elapsed | ETA {remaining} | {label}', stream, hideCursor: true, fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  const payload = () => {
    const done = steps.reduce((a, b) => a + b, 0);
    const computed = done - skippedSteps;
    const elapsed = now() - t0;
    const remaining = computed > 0 ? clock((elapsed / computed) * (total - done)) : '?';
    const label = [...running].map((i) => runs[i].label).join(', ');
    return { cells, n, elapsed: clock(elapsed), remaining, label: label.length > 60 ? `${label.slice(0, 59)}…` : label };
  };
  const redraw = () =>
    bar.update(
      steps.reduce((a, b) => a + b, 0),
      payload(),
    );
  bar.start(total, 0, payload());
  return {
    start(run, i, info) {
      if (info.skipped) {
        steps[i] = run.config.steps;
        skippedSteps += run.config.steps;
        cells++;
      } else running.add(i);
      redraw();
    },
    step(i, step) {
      steps[i] = step;
      redraw();
    },
    end(run, i) {
      steps[i] = run.config.steps; // a stalled run is over too
      running.delete(i);
      cells++;
      redraw();
    },
    stop: () => bar.stop(),
  };
}
