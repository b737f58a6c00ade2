/**
 * One pool thread: its own tfjs backend (with our kernels) and its own model replica.
 * Receives `{id, job}`, answers `{id, result}` (gradient buffers transferred, not copied)
 * or `{id, error}`. Started through boot.mjs, which installs the TypeScript loader.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { tf, useBackend, type BackendName } from '../backend.ts';
import { buildModel, type ModelSpec } from './spec.ts';
import { runJob, transferables, type Job } from './jobs.ts';

export interface ThreadInit {
  readonly spec: ModelSpec;
  readonly backend: BackendName;
}

const port = parentPort;
if (!port) throw new Error('pool/thread: must run in a worker thread');
const init = workerData as ThreadInit;
try {
  const backend = await useBackend(init.backend);
  const model = buildModel(init.spec);
  port.on('message', ({ id, job }: { id: number; job: Job }) => {
    try {
      const result = runJob(tf, model, job);
      port.postMessage({ id, result }, transferables(result));
    } catch (e) {
      port.postMessage({ id, error: (e as Error).stack ?? String(e) });
    }
  });
  port.postMessage({ ready: backend });
} catch (e) {
  port.postMessage({ failed: (e as Error).stack ?? String(e) });
}
