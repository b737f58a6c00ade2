/**
 * The data a run reads, checked before anything runs through each loader's cheap header check
 * (`probeData`: the file exists, is readable, is not empty, its first records are well-formed
 * and as wide as each other; sizes from headers or a byte scan, never a full load), then the
 * sizes the scenario asks of it:
 * - `data.train + data.test` ≤ the dataset's examples (a standard split: each ≤ its part);
 * - `workers.batch` ≤ each worker's share of the training set, ⌊train / n⌋ (the iid shards
 *   differ by at most one; under a Dirichlet partition this is the average share).
 */
import { DataError } from '../../learn/data/error.ts';
import { probeData, type DataSize } from '../../learn/data/index.ts';
import type { RunConfig } from '../schema.ts';
import { show } from './show.ts';

/** The dataset's sizes, or the one-line problem with its files (`data.path: "x.csv" — line 7: …`). */
export function dataSize(cfg: RunConfig): DataSize | string {
  const d = cfg.data;
  if ((d.name === 'libsvm' || d.name === 'csv' || d.name === 'idx') && !d.path) return `data.path: missing — data.name = ${d.name} reads a file`;
  if (d.name === 'idx' && !d.labels) return 'data.labels: missing — data.name = idx reads an examples file (path) and a labels file (labels)';
  try {
    return probeData(d);
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    return dataRefusal(d, e);
  }
}

/** A data file's problem as the one-line refusal naming its field: `data.labels` for the labels file, else `data.path`. */
export function dataRefusal(d: { readonly labels?: string }, e: DataError): string {
  return `${e.file === d.labels ? 'data.labels' : 'data.path'}: ${show(e.file)} — ${e.rule}`;
}

/** The examples a run trains and tests on (the defaults loadData applies), or the problem. */
export function splitSizes(cfg: RunConfig, size: DataSize): { train: number; test: number } | string {
  const d = cfg.data;
  if (size.split) {
    const { train = size.split.train, test = size.split.test } = d;
    const of = `the standard split of ${size.name} (${size.split.train} train, ${size.split.test} test)`;
    if (train > size.split.train) return `data.train: ${train} — needs ≤ ${size.split.train}, the training part of ${of}`;
    if (test > size.split.test) return `data.test: ${test} — needs ≤ ${size.split.test}, the test part of ${of}`;
    return { train, test };
  }
  const total = size.examples;
  const test = d.test ?? Math.max(1, Math.round(total * 0.2));
  const train = d.train ?? total - test;
  if (d.train === undefined && train < 1) return `data.test: ${test} — needs ≤ ${total - 1}, leaving a training example of the ${total} of ${size.name}`;
  if (train + test > total)
    return `${d.train !== undefined ? `data.train: ${train}` : `data.test: ${test}`} — needs data.train + data.test ≤ the ${total} examples of ${size.name} (${train} + ${test} = ${train + test})`;
  return { train, test };
}

/** `workers.batch` ≤ ⌊train / n⌋, or the refusal. */
export function batchIssue(cfg: RunConfig, train: number): string | undefined {
  const { n, batch } = cfg.workers;
  const share = Math.floor(train / n);
  if (batch <= share) return undefined;
  const how = cfg.data.partition === 'iid' ? 'each worker’s share' : 'the average worker’s share (Dirichlet shards vary)';
  return `workers.batch: ${batch} — needs ≤ ${how} of the training set, ⌊train / n⌋ = ⌊${train} / ${n}⌋ = ${share}`;
}

/** The CNN reads square one-channel images (h = w, 1 channel): the shape the data's header gives. */
export function imageIssue(cfg: RunConfig, size: DataSize): string | undefined {
  if (cfg.model.name !== 'cnn' || cfg.data.name !== 'idx') return undefined;
  const [h, w, c] = size.shape;
  if (size.shape.length === 3 && h === w && c === 1) return undefined;
  return `model.name: cnn — needs square one-channel images, got examples of ${size.shape.join(' × ')} in ${show(size.name)}`;
}
