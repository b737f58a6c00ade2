/**
 * LIBSVM / SVMlight text format: `label index:value index:value …` per line, 1-based sparse
 * indices, `#` comments. Labels are mapped to 0…C−1 in sorted order of their values
 * (so {−1, +1} → {0, 1}).
 */
import { readFileSync } from 'node:fs';
import type { Dataset } from './types.ts';

export function parseLibsvm(text: string, source = 'libsvm', featuresHint?: number): Dataset {
  const rows: { label: number; idx: number[]; val: number[] }[] = [];
  let maxIndex = 0;
  const lines = text.split(/\r?\n/);
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln].replace(/#.*/, '').trim();
    if (line === '') continue;
    const parts = line.split(/\s+/);
    const label = Number(parts[0]);
    if (!Number.isFinite(label)) throw new Error(`${source}:${ln + 1}: label ${JSON.stringify(parts[0])} is not a number`);
    const idx: number[] = [];
    const val: number[] = [];
    for (const p of parts.slice(1)) {
      const m = /^(\d+):(\S+)$/.exec(p);
      const i = m ? Number(m[1]) : NaN;
      const v = m ? Number(m[2]) : NaN;
      if (!m || !(i >= 1) || !Number.isFinite(v)) throw new Error(`${source}:${ln + 1}: ${JSON.stringify(p)} is not index:value with index ≥ 1 and a finite value`);
      idx.push(i - 1);
      val.push(v);
      if (i > maxIndex) maxIndex = i;
    }
    rows.push({ label, idx, val });
  }
  if (rows.length === 0) throw new Error(`${source}: no examples`);
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
