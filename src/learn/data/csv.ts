/**
 * CSV: one example per line, numeric features, one label column (default: the last; by index
 * or header name). A first line with a non-numeric cell is a header. Labels are mapped to
 * 0…C−1 in sorted order of their values (numeric when all are numbers, else as strings).
 */
import { readFileSync } from 'node:fs';
import type { Dataset } from './types.ts';

export function parseCsv(text: string, source = 'csv', labelColumn?: number | string): Dataset {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new Error(`${source}: empty file`);
  const cells = lines.map((l) => l.split(',').map((c) => c.trim()));
  const hasHeader = cells[0].some((c) => c === '' || !Number.isFinite(Number(c)));
  const header = hasHeader ? cells[0] : undefined;
  const body = hasHeader ? cells.slice(1) : cells;
  const width = cells[0].length;
  let col = width - 1;
  if (typeof labelColumn === 'number') col = labelColumn;
  else if (typeof labelColumn === 'string') {
    col = header?.indexOf(labelColumn) ?? -1;
    if (col < 0) throw new Error(`${source}: no column named ${JSON.stringify(labelColumn)} in the header`);
  }
  if (col < 0 || col >= width) throw new Error(`${source}: label column ${col} out of range (0…${width - 1})`);
  const features = width - 1;
  const x = new Float32Array(body.length * features);
  const rawLabels: string[] = [];
  body.forEach((row, i) => {
    if (row.length !== width) throw new Error(`${source}:${i + 1 + (hasHeader ? 1 : 0)}: ${row.length} cells, expected ${width}`);
    let j = 0;
    row.forEach((c, k) => {
      if (k === col) return rawLabels.push(c);
      const v = Number(c);
      if (c === '' || !Number.isFinite(v)) throw new Error(`${source}:${i + 1 + (hasHeader ? 1 : 0)}: cell ${k + 1} ${JSON.stringify(c)} is not a finite number`);
      x[i * features + j++] = v;
    });
  });
  const numeric = rawLabels.every((l) => Number.isFinite(Number(l)));
  const distinct = [...new Set(rawLabels)].sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
  const code = new Map(distinct.map((l, i) => [l, i]));
  const y = Int32Array.from(rawLabels, (l) => code.get(l)!);
  return { name: source, x, y, features, shape: [features], classes: Math.max(2, distinct.length) };
}

export function loadCsv(path: string, labelColumn?: number | string): Dataset {
  return parseCsv(readFileSync(path, 'utf8'), path, labelColumn);
}
