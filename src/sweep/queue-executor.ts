/**
 * The queue executor (`byzsim run --queue redis://…`): every configuration to run becomes a
 * BullMQ job at once, for any number of `byzsim worker`s to take; results are written into
 * the output folder as each job completes. Job ids are content hashes (queue-job.ts), so a
 * resumed sweep re-attaches to jobs still queued, running or finished, and a job that failed
 * before is retried. A worker killed mid-job leaves its job locked until the lock expires;
 * BullMQ's stalled-job check then puts it back in the queue for another worker.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { writeFileAtomic } from './atomic.ts';
import { identityText } from './identity.ts';
import type { Executor, JobEvents } from './local-pool.ts';
import {
  checkQueueUrl,
  connectionFor,
  jobId,
  probeRedis,
  QUEUE_NAME,
  unpackFiles,
  type QueueJobData,
  type QueueJobResult,
  type QueueProgress,
} from './queue-job.ts';
import type { ConfigJob, RunSummary } from './run-config.ts';
import { versionTag } from './version.ts';
import { fromWire, toWire } from './wire.ts';

export class QueueExecutor implements Executor {
  /** Every job is queued at once: the workers decide how many run. */
  readonly slots = Number.POSITIVE_INFINITY;
  private readonly listeners = new Map<string, JobEvents>();

  private constructor(
    private readonly queue: Queue<QueueJobData, QueueJobResult>,
    private readonly events: QueueEvents,
    private readonly version: string,
  ) {
    events.on('progress', ({ jobId: id, data }) => {
      const l = this.listeners.get(id);
      const p = data as QueueProgress;
      if (p && typeof p === 'object' && p.type === 'start') l?.onStart?.(p.backend);
      else if (p && typeof p === 'object' && p.type === 'step') l?.onStep?.(p.step);
    });
  }

  static async connect(url: string, _todo: readonly ConfigJob[]): Promise<QueueExecutor> {
    const bad = checkQueueUrl(url);
    if (bad) throw new Error(`--queue: ${bad}`);
    await probeRedis(url);
    const queue = new Queue<QueueJobData, QueueJobResult>(QUEUE_NAME, { connection: connectionFor(url) });
    const events = new QueueEvents(QUEUE_NAME, { connection: connectionFor(url) });
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return new QueueExecutor(queue, events, versionTag());
  }

  async run(job: ConfigJob, dir: string, events: JobEvents): Promise<{ summary: RunSummary; wallMs: number }> {
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(join(dir, 'config.json'), identityText(job.config));
    const id = jobId(this.version, job);
    this.listeners.set(id, events);
    try {
      const queued = await this.queue.add(
        job.slug,
        { version: this.version, job: toWire(job) },
        { jobId: id, attempts: 1, removeOnFail: false, removeOnComplete: false },
      );
      if ((await queued.getState()) === 'failed') await queued.retry('failed');
      let result: QueueJobResult;
      try {
        result = await queued.waitUntilFinished(this.events);
      } catch (e) {
        throw new Error(`${job.label}: the queue job failed: ${(e as Error).message}`);
      }
      unpackFiles(result.files, dir);
      await queued.remove().catch(() => undefined);
      return { summary: fromWire(result.summary), wallMs: result.wallMs };
    } finally {
      this.listeners.delete(id);
    }
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
  }
}
