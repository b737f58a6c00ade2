/**
 * The local executor: configurations run concurrently on a pool of job threads (piscina over
 * node:worker_threads), at most `jobs` at once. Each thread starts its own tfjs backend once
 * and keeps it across tasks; every task reads the sweep's datasets from shared memory,
 * loaded once in this thread. `threads: auto` gives each job its share of the cores, so
 * gradient pools and jobs together use the machine without oversubscribing it.
 *
 * Threads rather than child processes: a job thread starts in ≈ the same time as a process
 * but shares the dataset (a process would need its own copy) and costs one V8 isolate instead
 * of a whole Node runtime (figures in the README, `npm run bench -- sweep`).
 */
import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { ThreadData, ThreadMessage, ThreadTask } from './job-thread.ts';
import type { ConfigJob, RunSummary } from './run-config.ts';
import { type Loaded, SharedData, unwrapLoaded } from './shared-data.ts';
import { threadEntry } from './thread-entry.ts';
import type { RunConfig } from '../scenario/schema.ts';
import type { StopFlag } from './stop-flag.ts';

/** What a caller hears of a job while it runs. */
export interface JobEvents {
  onStart?(backend: string): void;
  onStep?(step: number): void;
}

/** Runs configurations somewhere (threads here, or queue workers) and says when each is done. */
export interface Executor {
  /** How many jobs to keep in flight at once. */
  readonly slots: number;
  /** Run `job` so that its files end up in `dir`; resolves to its summary (and wall time when measured remotely). */
  run(job: ConfigJob, dir: string, events: JobEvents): Promise<{ summary: RunSummary; wallMs?: number }>;
  close(): Promise<void>;
}

/**
 * The young generation of each job thread (V8's new space, MiB; a thread's default is 48: two
 * 16 MiB semi-spaces), for local sweeps and queue workers alike (both run this pool). A step's
 * vectors (gradients, clipped and noised payloads, attack vectors, aggregates: ≈ 3.7 MB per
 * step for seed000-small's 11 workers at b = 500) outlived the default semi-space, were
 * promoted, and only full mark-compacts freed them: 71–78 per `seed000-small --steps 30`
 * sweep; at 96, 32–34, and ≈ 1 s less CPU on V8's platform threads, for ≈ 20 MiB more peak
 * memory per thread (README, Performance → Sweeps). Results do not depend on it (the GC is not
 * observable by the simulation).
 */
const JOB_YOUNG_GENERATION_MB = 96;

/** Gradient threads for one job: an explicit count as given; `auto` is the job's share of the cores. */
export function threadsPerJob(threads: number | 'auto', jobs: number, cores = availableParallelism()): number | 'auto' {
  if (threads !== 'auto') return threads;
  return jobs <= 1 ? 'auto' : Math.max(1, Math.floor(cores / jobs));
}

export class LocalPool implements Executor {
  private readonly pool: Piscina<ThreadTask, RunSummary>;
  /** One thread that loads datasets into shared memory (and keeps the raw files' cache). */
  private readonly loader: Piscina<RunConfig, Loaded>;
  private readonly data: SharedData;

  constructor(
    readonly slots: number,
    stop: StopFlag,
    configs: readonly ConfigJob[],
  ) {
    const data: ThreadData = { stop };
    const common = { idleTimeout: Infinity, atomics: 'disabled' as const, execArgv: [] as string[] };
    this.pool = new Piscina({
      ...threadEntry('job-thread', import.meta.url, { ...data }),
      minThreads: slots,
      maxThreads: slots,
      ...common,
      resourceLimits: { maxYoungGenerationSizeMb: JOB_YOUNG_GENERATION_MB },
    });
    this.loader = new Piscina({ ...threadEntry('load-thread', import.meta.url), minThreads: 1, maxThreads: 1, ...common });
    this.data = new SharedData((cfg) => this.loader.run(cfg).then(unwrapLoaded));
    this.data.expect(configs.map((c) => c.config));
  }

  async run(job: ConfigJob, dir: string, events: JobEvents): Promise<{ summary: RunSummary }> {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (m: ThreadMessage) => (m.type === 'start' ? events.onStart?.(m.backend) : events.onStep?.(m.step)));
    try {
      const task: ThreadTask = { job, dir, threads: threadsPerJob(job.config.threads, this.slots), data: await this.data.get(job.config), port: port2 };
      return { summary: await this.pool.run(task, { transferList: [port2] }) };
    } finally {
      port1.close();
      this.data.done(job.config);
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.destroy(), this.loader.destroy()]);
  }
}
