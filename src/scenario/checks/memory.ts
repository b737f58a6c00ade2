/**
 * The memory a configuration needs, estimated before anything is allocated, and refused with the
 * estimate when it exceeds the machine's memory (`os.totalmem()`). The estimate is a lower bound
 * counting float32 values (4 bytes):
 * - the parameter vectors: d × (2n + 3) — each of the n workers' gradients in flight and its copy
 *   received by the aggregating node, the model, its update and the aggregate (d from the model
 *   registry's builder for the data's shape: no tensor is made);
 * - the dataset: (features + 1) × (examples loaded + the train and test copies split from them;
 *   a standard split — mnist, fashion-mnist — reads only the train and test examples it keeps).
 * Activations, the rules' working memory (e.g. n² distances) and per-node state come on top.
 */
import { totalmem } from 'node:os';
import type { DataSize } from '../../learn/data/index.ts';
import { dimension } from '../../learn/model.ts';
import { MODELS } from '../../../models/index.ts';
import type { RunConfig } from '../schema.ts';
import { show } from './show.ts';

/** `74.5 GiB`: bytes in binary units, three significant digits. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) (v /= 1024), u++;
  return `${u === 0 ? v : v.toPrecision(3)} ${units[u]}`;
}

const count = (x: number) => (x >= 1e6 ? x.toExponential(2).replace('e+', 'e') : String(x));

export interface MemoryEstimate {
  readonly d: number;
  readonly modelBytes: number;
  readonly dataBytes: number;
  readonly total: number;
}

/** The estimate for a run over data of `size` that trains on `train` and tests on `test` examples. */
export function estimateMemory(cfg: RunConfig, size: DataSize, train: number, test: number): MemoryEstimate {
  const model = MODELS.get(cfg.model.name);
  const def = model?.build(
    { features: size.features, shape: size.shape, classes: size.classes ?? 2 },
    { hidden: cfg.model.hidden, filters: cfg.model.filters },
  );
  const d = def ? dimension(def) : 0;
  const modelBytes = 4 * d * (2 * cfg.workers.n + 3);
  const loaded = size.split ? 0 : size.examples; // a standard split reads only the examples it keeps
  const dataBytes = 4 * (size.features + 1) * (loaded + train + test);
  return { d, modelBytes, dataBytes, total: modelBytes + dataBytes };
}

/** The field to blame: the model if one worker's copies alone do not fit, else the larger part's field. */
function culprit(cfg: RunConfig, e: MemoryEstimate, limit: number): string {
  const modelField = cfg.model.hidden
    ? `model.hidden: ${show(cfg.model.hidden)}`
    : cfg.model.filters
      ? `model.filters: ${show(cfg.model.filters)}`
      : `model.name: ${show(cfg.model.name)}`;
  if (4 * e.d * 5 > limit)
    return cfg.data.name === 'synthetic' && cfg.data.features !== undefined && !cfg.model.hidden && !cfg.model.filters
      ? `data.features: ${cfg.data.features}`
      : modelField;
  if (e.modelBytes >= e.dataBytes) return `workers.n: ${cfg.workers.n}`;
  if (cfg.data.name === 'synthetic') return cfg.data.examples !== undefined ? `data.examples: ${cfg.data.examples}` : `data.features: ${cfg.data.features}`;
  return `data.train: ${cfg.data.train ?? 'all'}`;
}

/** The refusal of a configuration that cannot fit in `limit` bytes (default: the machine's memory), or undefined. */
export function checkMemory(cfg: RunConfig, size: DataSize, train: number, test: number, limit = totalmem()): string | undefined {
  const e = estimateMemory(cfg, size, train, test);
  if (e.total <= limit) return undefined;
  return (
    `${culprit(cfg, e, limit)} — the configuration needs ≈ ${formatBytes(e.total)} ` +
    `(d = ${count(e.d)} parameters × (2n + 3) float32 vectors with n = ${cfg.workers.n}: ${formatBytes(e.modelBytes)}; ` +
    `dataset: ${formatBytes(e.dataBytes)}), more than this machine’s ${formatBytes(limit)} of memory`
  );
}
