/**
 * LIBSVM / SVMlight text format: `label index:value index:value …` per line, 1-based sparse
 * indices, `#` comments. Labels are mapped to 0…C−1 in sorted order of their values
 * (so {−1, +1} → {0, 1}).
 */
import { readFileSync } from 'node:fs';
import { DataError } from './error.ts';
import { countLines, readHead } from './text.ts';
import type { Dataset, DataSize } from './types.ts';

interface Row {
  readonly label: number;
  readonly idx: number[];
  readonly val: number[];
}

/** The examples of `text`, each line checked; the largest feature index seen. */
function rowsOf(text: string, source: string): { rows: Row[]; maxIndex: number } {
  const rows: Row[] = [];
  let maxIndex = 0;
  const lines = text.split(/\r?\n/);
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln].replace(/#.*/, '').trim();
    if (line === '') continue;
    const parts = line.split(/\s+/);
    const label = Number(parts[0]);
    if (!Number.isFinite(label))
      throw new DataError(source, `line ${ln + 1}: label ${JSON.stringify(parts[0].slice(0, 40))} — must be a number (label index:value …)`);
    const idx: number[] = [];
    const val: number[] = [];
    for (const p of parts.slice(1)) {
      const m = /^(\d+):(\S+)$/.exec(p);
      const i = m ? Number(m[1]) : NaN;
      const v = m ? Number(m[2]) : NaN;
      if (!m || !(i >= 1) || !Number.isFinite(v))
        throw new DataError(source, `line ${ln + 1}: ${JSON.stringify(p.slice(0, 40))} — must be index:value with index ≥ 1 and a finite value`);
      idx.push(i - 1);
      val.push(v);
      if (i > maxIndex) maxIndex = i;
    }
    rows.push({ label, idx, val });
  }
  if (rows.length === 0) throw new DataError(source, 'no examples — needs one "label index:value …" per line');
  return { rows, maxIndex };
}

export function parseLibsvm(text: string, source = 'libsvm', featuresHint?: number): Dataset {
  const { rows, maxIndex } = rowsOf(text, source);
  const features = Math.max(maxIndex, featuresHint ?? 0);
  const labels = [...new Set(rows.map((r) => r.label))].sort((a, b) => a - b);
  const code = new Map(labels.map((l, i) => [l, i]));
  const x = new Float32Array(rows.length * features);
  const y = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    r.idx.forEach((j, k) => (x[i * features + j] = r.val[k]));
    y[i] = code.get(r.label)!;
  });
  return { name: source, x, y, features, shape: [features], classes: Math.max(2, labels.length) };
}

export function loadLibsvm(path: string): Dataset {
  return parseLibsvm(readFileSync(path, 'utf8'), path);
}

/**
 * The header check: the lines of the first 64 KiB checked as the loader checks them, the examples
 * counted over the whole file by a byte scan (non-blank lines that are not `#` comments). The
 * features are those seen so far (a sparse file may name larger indices further on).
 */
export function probeLibsvm(path: string): DataSize {
  const { text, whole } = readHead(path);
  const { rows, maxIndex } = rowsOf(text, path);
  const examples = whole ? rows.length : countLines(readFileSync(path), 0x23);
  return { name: path, examples, features: maxIndex, shape: [maxIndex] };
}
