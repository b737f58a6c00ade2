/**
 * A job thread of the local pool (piscina): runs one configuration per task into its folder,
 * reading the sweep's shared datasets and posting progress on the task's port. The thread
 * keeps its gradient engines (tfjs backend up, model built, pool threads started) from one
 * task to the next.
 */
import type { MessagePort } from 'node:worker_threads';
import { workerData } from 'node:worker_threads';
import { createEngine, type GradientEngine } from '../learn/engine.ts';
import { runConfig, type ConfigJob, type EngineSource, type RunSummary } from './run-config.ts';
import { viewSplit, type SharedSplit } from './shared-data.ts';
import type { StopFlag } from './stop-flag.ts';

export interface ThreadTask {
  readonly job: ConfigJob;
  readonly dir: string;
  /** Gradient threads for this job: the config's number, or its share of the cores for `auto`. */
  readonly threads: number | 'auto';
  readonly data: SharedSplit;
  readonly port: MessagePort;
}

export type ThreadMessage = { readonly type: 'start'; readonly backend: string } | { readonly type: 'step'; readonly step: number };

export interface ThreadData {
  readonly stop: StopFlag;
}

const engines = new Map<string, Promise<GradientEngine>>();

export default async function runTask(task: ThreadTask): Promise<RunSummary> {
  const { stop } = workerData as ThreadData;
  const engineFor: EngineSource = (spec, cfg) => {
    const key = JSON.stringify([spec, cfg.backend, task.threads]);
    let e = engines.get(key);
    if (!e) engines.set(key, (e = createEngine(spec, { threads: task.threads, backend: cfg.backend })));
    return e;
  };
  const post = (m: ThreadMessage) => task.port.postMessage(m);
  try {
    return await runConfig(
      task.job,
      task.dir,
      viewSplit(task.data),
      engineFor,
      {
        onStart: ({ backend }) => post({ type: 'start', backend }),
        onStep: (step) => post({ type: 'step', step }),
      },
      stop,
    );
  } finally {
    task.port.close();
  }
}
