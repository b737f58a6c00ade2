/**
 * A queue worker (`byzsim worker --queue redis://…`): takes configuration jobs from BullMQ,
 * `jobs` at once, runs each on the local pool of job threads into a temporary folder, and
 * returns its result files. The BullMQ worker lives on this (idle) thread, so it renews its
 * job locks on time however long a job computes; a worker killed mid-job stops renewing, and
 * once the lock expires (`lockMs`) another worker's stalled-job check re-queues the job.
 * A job queued by another code version is refused (failed without retry) with a message
 * naming both versions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { LocalPool } from './local-pool.ts';
import { checkQueueUrl, connectionFor, packFiles, probeRedis, QUEUE_NAME, type QueueJobData, type QueueJobResult, type QueueProgress } from './queue-job.ts';
import type { StopFlag } from './stop-flag.ts';
import { versionTag } from './version.ts';
import { fromWire, toWire } from './wire.ts';

export interface QueueWorkerOptions {
  readonly url: string;
  /** Configurations run at once by this worker. */
  readonly jobs: number;
  /** How long a job's lock lasts without renewal: a killed worker's job is retried after about this (default 30 s). */
  readonly lockMs?: number;
  readonly stop: StopFlag;
  /** Wall clock (ms), injected, for the result's wallMs. */
  readonly now: () => number;
  readonly log: (line: string) => void;
}

export interface QueueWorker {
  readonly version: string;
  /** Stop taking jobs; `force` abandons running ones (they are retried elsewhere once their lock expires). */
  close(force?: boolean): Promise<void>;
}

export async function startQueueWorker(opts: QueueWorkerOptions): Promise<QueueWorker> {
  const bad = checkQueueUrl(opts.url);
  if (bad) throw new Error(`--queue: ${bad}`);
  await probeRedis(opts.url);
  const version = versionTag();
  const pool = new LocalPool(opts.jobs, opts.stop, []);
  const lockMs = opts.lockMs ?? 30_000;
  const worker = new Worker<QueueJobData, QueueJobResult>(QUEUE_NAME, (job) => runJob(job, version, pool, opts), {
    connection: connectionFor(opts.url),
    concurrency: opts.jobs,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: 3,
  });
  worker.on('error', (e) => opts.log(`queue error: ${e.message}`));
  await worker.waitUntilReady();
  return {
    version,
    async close(force = false) {
      await worker.close(force);
      await pool.close();
    },
  };
}

async function runJob(job: Job<QueueJobData, QueueJobResult>, version: string, pool: LocalPool, opts: QueueWorkerOptions): Promise<QueueJobResult> {
  const { version: wanted } = job.data;
  const config = fromWire(job.data.job);
  if (wanted !== version) {
    const msg = `refused ${config.label}: it was queued by byzsim ${wanted}, this worker runs ${version}; start the workers from the same code as the sweep`;
    opts.log(msg);
    throw new UnrecoverableError(msg);
  }
  opts.log(`${config.label}: started`);
  const progress = (p: QueueProgress) => void job.updateProgress(p).catch(() => undefined);
  const every = Math.max(1, Math.floor(config.config.steps / 50));
  const dir = mkdtempSync(join(tmpdir(), 'byzsim-job-'));
  const started = opts.now();
  try {
    const { summary } = await pool.run(config, dir, {
      onStart: (backend) => progress({ type: 'start', backend }),
      onStep: (step) => (step % every === 0 || step === config.config.steps) && progress({ type: 'step', step }),
    });
    const wallMs = opts.now() - started;
    opts.log(`${config.label}: finished in ${(wallMs / 1000).toFixed(1)} s`);
    return { summary: toWire(summary), wallMs, files: await packFiles(dir) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
