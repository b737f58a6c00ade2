/**
 * Datasets loaded once per sweep and shared by every job thread: the train/test split of a
 * configuration is copied once into SharedArrayBuffers, and each job reads typed-array views
 * of the same memory (structured cloning a SharedArrayBuffer shares it, it does not copy it).
 * Jobs only read datasets (batches and shards are copied out by the protocols). Loading runs
 * on a loader thread (see `loadShared`), so the main thread never blocks on a parse: it
 * keeps drawing progress, answering signals and renewing queue locks.
 */
import { DataError } from '../learn/data/error.ts';
import { loadData, type Dataset } from '../learn/data/index.ts';
import type { RunConfig } from '../scenario/schema.ts';

/** A Dataset whose arrays live in shared memory: what a job thread is handed. */
export interface SharedDataset extends Omit<Dataset, 'x' | 'y'> {
  readonly x: SharedArrayBuffer;
  readonly y: SharedArrayBuffer;
}

export interface SharedSplit {
  readonly train: SharedDataset;
  readonly test: SharedDataset;
}

/** Configurations with the same key read the same examples in the same split. */
export function dataKey(cfg: RunConfig): string {
  const d = cfg.data;
  return JSON.stringify([d.name, d.path, d.features, d.examples, d.train, d.test, d.labelColumn, cfg.seed]);
}

/** Load a configuration's split into shared memory. */
export function loadShared(cfg: RunConfig): SharedSplit {
  const { train, test } = loadData(cfg.data, cfg.seed);
  return { train: share(train), test: share(test) };
}

/**
 * What the loader thread answers: the split, or the problem with a data file that validation's
 * checks cannot see without a full read (a .gz corrupt past its header) — as its file and rule,
 * since an error crossing threads loses its class. `unwrapLoaded` turns it back into a DataError.
 */
export type Loaded = { readonly split: SharedSplit } | { readonly dataError: { readonly file: string; readonly rule: string } };

export function loadSharedOrProblem(cfg: RunConfig): Loaded {
  try {
    return { split: loadShared(cfg) };
  } catch (e) {
    if (e instanceof DataError) return { dataError: { file: e.file, rule: e.rule } };
    throw e;
  }
}

export function unwrapLoaded(l: Loaded): SharedSplit {
  if ('dataError' in l) throw new DataError(l.dataError.file, l.dataError.rule);
  return l.split;
}

function share(ds: Dataset): SharedDataset {
  const x = new SharedArrayBuffer(ds.x.byteLength);
  new Float32Array(x).set(ds.x);
  const y = new SharedArrayBuffer(ds.y.byteLength);
  new Int32Array(y).set(ds.y);
  return { ...ds, x, y };
}

/** Typed-array views of a shared dataset (no copy). */
export function view(s: SharedDataset): Dataset {
  return { ...s, x: new Float32Array(s.x), y: new Int32Array(s.y) };
}

export function viewSplit(s: SharedSplit): { train: Dataset; test: Dataset } {
  return { train: view(s.train), test: view(s.test) };
}

/**
 * The shared splits a sweep needs, loaded on first use and dropped once no job left to run
 * needs them (`expect` the configurations first). Splits of configurations nobody announced
 * (a queue worker's jobs) are kept for the next jobs, the `KEEP` most recent ones.
 */
const KEEP = 2;

export class SharedData {
  private readonly splits = new Map<string, Promise<SharedSplit>>();
  private readonly pending = new Map<string, number>();

  /** `load` puts a configuration's split in shared memory, off this thread. */
  constructor(private readonly load: (cfg: RunConfig) => Promise<SharedSplit>) {}

  expect(configs: readonly RunConfig[]): void {
    for (const c of configs) this.pending.set(dataKey(c), (this.pending.get(dataKey(c)) ?? 0) + 1);
  }

  get(cfg: RunConfig): Promise<SharedSplit> {
    const key = dataKey(cfg);
    let s = this.splits.get(key);
    if (s)
      this.splits.delete(key); // re-inserted below: the map's order is the recency order
    else s = this.load(cfg);
    this.splits.set(key, s);
    s.catch(() => this.splits.get(key) === s && this.splits.delete(key));
    return s;
  }

  /** One job of this configuration's data is over. */
  done(cfg: RunConfig): void {
    const key = dataKey(cfg);
    const left = this.pending.get(key);
    if (left !== undefined) {
      this.pending.set(key, left - 1);
      if (left - 1 <= 0) this.splits.delete(key);
      return;
    }
    const unannounced = [...this.splits.keys()].filter((k) => !this.pending.has(k));
    for (const k of unannounced.slice(0, Math.max(0, unannounced.length - KEEP))) this.splits.delete(k);
  }
}
