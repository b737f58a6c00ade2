/**
 * What the queue side and the workers agree on: the BullMQ queue name, a job's data (the
 * configuration and the code version that queued it), its result (the summary, the worker's
 * wall time, and the configuration's result files, gzipped) — numbers JSON cannot hold
 * travel tagged (wire.ts) —, its progress messages, and its
 * id — a hash of the code version and of what determines the result files, so the same
 * configuration queued twice is one job, and a resumed sweep finds results that finished
 * while nobody was collecting.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import { Redis } from 'ioredis';
import { writeFileAtomic } from './atomic.ts';
import { identityText } from './identity.ts';
import type { ConfigJob, RunSummary } from './run-config.ts';
import type { Wire } from './wire.ts';

export const QUEUE_NAME = 'byzsim';

export interface QueueJobData {
  /** `versionTag()` of the code that queued it. */
  readonly version: string;
  /** The configuration, its infinities kept (wire.ts). */
  readonly job: Wire<ConfigJob>;
}

/** The result files a worker sends back, done.json last when written. */
export const RESULT_FILES = ['metrics.jsonl', 'trace.jsonl', 'done.json'] as const;

export interface QueueJobResult {
  /** The worker's summary, its infinities kept (wire.ts). */
  readonly summary: Wire<RunSummary>;
  readonly wallMs: number;
  /** File name → gzipped bytes, base64. */
  readonly files: Readonly<Record<string, string>>;
}

export type QueueProgress = { readonly type: 'start'; readonly backend: string } | { readonly type: 'step'; readonly step: number };

export function jobId(version: string, job: ConfigJob): string {
  const h = createHash('sha256')
    .update(version)
    .update('\0')
    .update(identityText(job.config))
    .update('\0')
    .update(job.config.backend)
    .update('\0')
    .update(String(job.trace));
  return `cfg-${h.digest('hex').slice(0, 32)}`;
}

/** `redis://host:port/db` (or rediss://): the form --queue accepts; a message when it is not. */
export function checkQueueUrl(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `${JSON.stringify(url)} — expected redis://host:port/db`;
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') return `${JSON.stringify(url)} — expected redis://host:port/db (scheme redis: or rediss:)`;
  if (!/^\/?(\d+)?$/.test(u.pathname)) return `${JSON.stringify(url)} — the path must be a database number, e.g. redis://127.0.0.1:6379/0`;
  return undefined;
}

/** BullMQ connection options for a Redis URL (workers need maxRetriesPerRequest: null). */
export const connectionFor = (url: string) => ({ url, maxRetriesPerRequest: null });

/** Connect once, without retrying, so an unreachable Redis is one clear message, not a hang. */
export async function probeRedis(url: string): Promise<void> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null, connectTimeout: 5000, enableOfflineQueue: false });
  r.on('error', () => undefined);
  try {
    await r.connect();
    await r.ping();
  } catch (e) {
    throw new Error(`cannot reach ${url}: ${(e as Error).message}`);
  } finally {
    r.disconnect();
  }
}

/** A result folder's files, gzipped off the main thread (a worker must keep renewing its locks). */
export async function packFiles(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of RESULT_FILES) {
    const f = join(dir, name);
    if (existsSync(f)) files[name] = (await promisify(gzip)(await readFile(f))).toString('base64');
  }
  return files;
}

/** Write a result's files into `dir`, each atomically, done.json last. */
export function unpackFiles(files: Readonly<Record<string, string>>, dir: string): void {
  for (const name of RESULT_FILES) if (files[name] !== undefined) writeFileAtomic(join(dir, name), gunzipSync(Buffer.from(files[name], 'base64')));
}
