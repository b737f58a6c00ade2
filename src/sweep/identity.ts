/**
 * What makes a configuration the same configuration, for `--resume` and for the queue's job
 * ids: its resolved config without the fields that do not change results — `threads` (the
 * gradient pool gives the same bits at any size) and `backend` (the backend that ran is
 * recorded in done.json and compared separately). Output paths and the number of jobs are
 * not in the config at all. config.json holds exactly this text.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunConfig } from '../scenario/schema.ts';

/** JSON has no infinities: write them as strings ("Infinity"), which the schema reads back. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) && !Number.isNaN(value) ? String(value) : value;
}

/** The text of `config.json`: the configuration's identity. */
export function identityText(config: RunConfig): string {
  const { threads: _threads, backend: _backend, ...rest } = config;
  return JSON.stringify(rest, jsonReplacer, 1) + '\n';
}

/** What a finished configuration's done.json must hold for a resume to trust it. */
export interface DoneRecord {
  readonly steps: number;
  readonly backend: string;
  readonly [key: string]: unknown;
}

/** done.json as written, or undefined when it is missing, empty, corrupt or not a summary. */
export function readDone(dir: string): DoneRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(join(dir, 'done.json'), 'utf8'));
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  return typeof v.steps === 'number' && typeof v.backend === 'string' ? (v as DoneRecord) : undefined;
}

/**
 * The finished record of `dir` if it ran this identity on an acceptable backend: any one
 * for `auto`, else the one asked for.
 */
export function finished(dir: string, identity: string, backend: RunConfig['backend']): DoneRecord | undefined {
  const cfg = join(dir, 'config.json');
  if (!existsSync(cfg)) return undefined;
  let text: string;
  try {
    text = readFileSync(cfg, 'utf8');
  } catch {
    return undefined;
  }
  if (text !== identity) return undefined;
  const done = readDone(dir);
  return done && (backend === 'auto' || done.backend === backend) ? done : undefined;
}
