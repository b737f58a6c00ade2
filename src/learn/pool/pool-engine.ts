/**
 * A gradient engine on a pool of worker threads (node:worker_threads). Each thread owns a
 * tfjs backend and a model replica; jobs queue in submission order and go to whichever
 * thread is idle. Every thread runs the same code on the same backend as the in-thread
 * engine, so results are bit-for-bit those of the single-thread path: determinism holds at
 * any pool size (test/learn/pool.test.ts).
 *
 * Inputs are copied once at submission (the caller may reuse its arrays) and the copies are
 * transferred; gradients come back transferred, without a copy.
 */
import { Worker } from 'node:worker_threads';
import type { BackendName } from '../backend.ts';
import type { Evaluation, GradientResult } from '../gradient.ts';
import type { ClippedSum } from '../per-example.ts';
import type { GradientEngine } from '../gradient-engine.ts';
import { buildModel, type ModelSpec } from './spec.ts';
import { Coalescer, STACKS_EXACTLY } from './coalesce.ts';
import { combineEvaluation, EVAL_CHUNK, isDense, type ChunkedEvaluation } from '../gradient.ts';
import { copyForTransfer, type Job, type JobResult } from './jobs.ts';
import type { ThreadInit } from './thread.ts';

export interface PoolOptions {
  /** Number of worker threads (≥ 1). */
  readonly threads: number;
  readonly backend?: BackendName;
  /** Stack same-tick, same-parameter gradients of dense models (same bits; default on wasm and cpu). */
  readonly coalesce?: boolean;
}

export interface PoolEngine extends GradientEngine {
  readonly threads: number;
  perExampleClippedSum(params: Float32Array, x: Float32Array, y: Int32Array, C: number): Promise<ClippedSum>;
}

interface Pending {
  readonly id: number;
  readonly job: Job;
  resolve(r: JobResult): void;
  reject(e: Error): void;
}

interface Slot {
  readonly worker: Worker;
  /** The tfjs backend the thread runs. */
  backend: string;
  /** Jobs sent and not yet answered, oldest first (a thread answers in order). */
  readonly inflight: Pending[];
}

/**
 * Jobs a thread holds at once: 2, so the next job is already waiting when one finishes and
 * a thread never idles through a round trip to the (possibly busy) main thread.
 */
const DEPTH = 2;

// From the sources boot.mjs installs tsx first; the compiled package (dist/) runs thread.js itself.
const BOOT = new URL(import.meta.url.endsWith('.ts') ? './boot.mjs' : './thread.js', import.meta.url);

export async function createPoolEngine(spec: ModelSpec, options: PoolOptions): Promise<PoolEngine> {
  const { threads, backend = 'auto' } = options;
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`pool: threads must be an integer ≥ 1, got ${threads}`);
  const model = buildModel(spec);
  const pool = new Pool();
  const backendName = await pool.start({ spec, backend }, threads);
  // A dense model's same-tick group at one parameter array: one stacked job per thread.
  // Batching never changes bits (gradient.ts), so the split may depend on the pool size.
  const coalescer =
    (options.coalesce ?? STACKS_EXACTLY.has(backendName)) && isDense(model)
      ? new Coalescer(async (params, batches) => {
          const chunks = Math.min(threads, batches.length);
          const parts = Array.from({ length: chunks }, (_, c) =>
            batches.slice(Math.floor((c * batches.length) / chunks), Math.floor(((c + 1) * batches.length) / chunks)),
          );
          const rs = await Promise.all(parts.map((p) => pool.submit<GradientResult[]>({ op: 'gradients', params, batches: p })));
          return rs.flat();
        })
      : undefined;
  return {
    backend: backendName,
    model,
    threads,
    gradient: (params, x, y) => (coalescer ? coalescer.submit(params, x, y) : pool.submit<GradientResult>({ op: 'gradient', params, x, y })),
    evaluate: (params, x, y) => evaluateSplit(pool, threads, params, x, y),
    perExampleClippedSum: (params, x, y, C) => pool.submit<ClippedSum>({ op: 'clippedSum', params, x, y, C }),
    close: () => pool.close(),
  };
}

/**
 * An evaluation split across threads at multiples of EVAL_CHUNK, its chunks summed in
 * order: the same bits as one thread's `evaluate`.
 */
async function evaluateSplit(pool: Pool, threads: number, params: Float32Array, x: Float32Array, y: Int32Array): Promise<Evaluation> {
  const n = y.length;
  const chunks = Math.ceil(n / EVAL_CHUNK);
  const parts = Math.min(threads, chunks);
  if (parts <= 1) return pool.submit<Evaluation>({ op: 'evaluate', params, x, y });
  const f = x.length / n;
  const bounds = Array.from({ length: parts + 1 }, (_, i) => Math.min(n, Math.floor((i * chunks) / parts) * EVAL_CHUNK));
  const rs = await Promise.all(
    bounds.slice(1).map((e, i) => {
      const s = bounds[i];
      return pool.submit<ChunkedEvaluation>({ op: 'evaluateChunks', params, x: x.subarray(s * f, e * f), y: y.subarray(s, e) });
    }),
  );
  return combineEvaluation(rs, n);
}

/** The threads, the queue of jobs not yet sent, and the bookkeeping of answers. */
class Pool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private broken: Error | undefined;
  private closed = false;

  /** Start `threads` threads; resolves to their backend's name once all are ready. */
  async start(init: ThreadInit, threads: number): Promise<string> {
    const started = Array.from({ length: threads }, () =>
      startThread(
        init,
        (slot, msg) => this.answer(slot, msg),
        (e) => this.fail(e),
      ),
    );
    const names = await Promise.allSettled(started);
    for (const r of names) if (r.status === 'fulfilled') this.slots.push(r.value.slot);
    const failed = names.find((r) => r.status === 'rejected');
    if (failed) {
      await this.close();
      throw (failed as PromiseRejectedResult).reason;
    }
    const backends = new Set(this.slots.map((s) => s.backend));
    if (backends.size !== 1) throw new Error(`pool: threads started different backends (${[...backends].join(', ')})`);
    return this.slots[0].backend;
  }

  submit<R extends JobResult>(job: Job): Promise<R> {
    if (this.closed) return Promise.reject(new Error('pool: engine is closed'));
    if (this.broken) return Promise.reject(this.broken);
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve: resolve as (r: JobResult) => void, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.fail(new Error('pool: engine closed with jobs pending'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  /** Send queued jobs: the emptiest threads first, up to DEPTH jobs each. */
  private pump(): void {
    for (let depth = 0; depth < DEPTH && this.queue.length > 0; depth++) {
      for (const s of this.slots) {
        if (s.inflight.length > depth || this.queue.length === 0) continue;
        const p = this.queue.shift()!;
        s.inflight.push(p);
        s.worker.ref(); // keep the process alive while a thread works for us
        const { job, transfer } = copyForTransfer(p.job);
        s.worker.postMessage({ id: p.id, job }, transfer);
      }
    }
  }

  private answer(slot: Slot, msg: Answer): void {
    const p = slot.inflight.shift();
    if (!p || p.id !== msg.id) return this.fail(new Error(`pool: answer for unknown job ${msg.id}`));
    if (slot.inflight.length === 0) slot.worker.unref();
    if (msg.error !== undefined) p.reject(new Error(`pool thread: ${msg.error}`));
    else p.resolve(msg.result as JobResult);
    this.pump();
  }

  private fail(e: Error): void {
    this.broken ??= e;
    for (const s of this.slots) for (const p of s.inflight.splice(0)) p.reject(e);
    for (const p of this.queue.splice(0)) p.reject(e);
  }
}

type Answer = { id: number; result?: unknown; error?: string };

/** Start one thread; resolves once it is ready (its backend up, its model built). */
function startThread(init: ThreadInit, onAnswer: (s: Slot, a: Answer) => void, onCrash: (e: Error) => void): Promise<{ slot: Slot }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOT, { workerData: init, execArgv: [] });
    const slot: Slot = { worker, inflight: [], backend: '' };
    let ready = false;
    worker.on('message', (msg: Answer & { ready?: string; failed?: string }) => {
      if (msg.ready !== undefined) {
        ready = true;
        slot.backend = msg.ready;
        worker.unref();
        return resolve({ slot });
      }
      if (msg.failed !== undefined) {
        void worker.terminate();
        return reject(new Error(`pool thread failed to start: ${msg.failed}`));
      }
      onAnswer(slot, msg);
    });
    worker.on('error', (e) => (ready ? onCrash(e) : reject(e)));
    worker.on('exit', (code) => {
      if (!ready) reject(new Error(`pool thread exited with code ${code} before it was ready`));
      else if (slot.inflight.length > 0) onCrash(new Error(`pool thread exited with code ${code} during a job`));
    });
  });
}
