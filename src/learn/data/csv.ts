/**
 * CSV through csv-parse (RFC 4180: quoted fields, embedded delimiters and newlines): one example
 * per record, numeric features, one label column (default: the last; by index or header name).
 * The delimiter is `,` unless given, or unless the first line holds more `;` or tabs than commas.
 * The first record is a header when a label column is named, or when one of its feature cells is
 * not a number. Labels are mapped to 0…C−1 in sorted order of their values (numeric when all are
 * numbers, else as strings).
 *
 * `probeCsv` is the cheap header check: the records of the first 64 KiB parsed and checked as the
 * loader checks them, the examples counted over the whole file without parsing (a byte scan for
 * non-blank lines; a full parse only when the file quotes fields, which may span lines).
 */
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { DataError } from './error.ts';
import { countLines, readHead } from './text.ts';
import type { Dataset, DataSize } from './types.ts';

export interface CsvOptions {
  /** The label column: a 0-based index or a header name (default: the last column). */
  readonly labelColumn?: number | string;
  /** The field delimiter (default: `,`, or `;` / tab when the first line holds more of them). */
  readonly delimiter?: string;
}

function detectDelimiter(text: string): string {
  const first = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, first.split(d).length - 1] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

/** The records of `text`; csv-parse's errors as DataErrors naming the line. */
function records(text: string, source: string, delimiter: string): string[][] {
  try {
    return parse(text, { delimiter, trim: true, skip_empty_lines: true }) as string[][];
  } catch (e) {
    const err = e as { code?: string; lines?: number; record?: unknown[]; columns?: unknown; message: string };
    if (err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' && err.record)
      throw new DataError(
        source,
        `line ${err.lines}: ${err.record.length} cell${err.record.length === 1 ? '' : 's'} — every record needs as many as the first (${/expect (\d+)/.exec(err.message)?.[1]})`,
      );
    if (err.lines !== undefined) throw new DataError(source, `line ${err.lines}: ${err.message.replace(/ (at|on) line \d+/, '')}`);
    throw e;
  }
}

const numeric = (c: string) => c !== '' && Number.isFinite(Number(c));

interface Layout {
  readonly header?: string[];
  readonly body: string[][];
  readonly width: number;
  readonly col: number;
}

/** Header, label column and width of parsed records, checked. */
function layout(cells: string[][], source: string, labelColumn?: number | string): Layout {
  if (cells.length === 0) throw new DataError(source, 'no records — needs at least one example per line');
  const width = cells[0].length;
  if (width < 2)
    throw new DataError(
      source,
      `line 1: 1 cell — needs at least one feature and a label (is the delimiter ${cells[0][0].includes(';') ? '";"' : 'right'}? set data.delimiter)`,
    );
  const indexCol = typeof labelColumn === 'number' ? labelColumn : width - 1;
  const hasHeader = typeof labelColumn === 'string' || cells[0].some((c, k) => k !== indexCol && !numeric(c));
  const header = hasHeader ? cells[0] : undefined;
  let col = indexCol;
  if (typeof labelColumn === 'string') {
    col = header!.indexOf(labelColumn);
    if (col < 0) throw new DataError(source, `no column named ${JSON.stringify(labelColumn)} in the header (${header!.slice(0, 20).join(', ')})`);
  }
  if (col < 0 || col >= width) throw new DataError(source, `label column ${col} — out of range (0…${width - 1})`);
  return { header, body: hasHeader ? cells.slice(1) : cells, width, col };
}

function checkCells(l: Layout, source: string): void {
  for (let i = 0; i < l.body.length; i++) {
    const row = l.body[i];
    for (let k = 0; k < row.length; k++)
      if (k !== l.col && !numeric(row[k]))
        throw new DataError(
          source,
          `record ${i + 1 + (l.header ? 1 : 0)}: cell ${k + 1} ${JSON.stringify(row[k].slice(0, 40))} — features must be finite numbers`,
        );
  }
}

export function parseCsv(text: string, source = 'csv', options: CsvOptions | number | string = {}): Dataset {
  const o: CsvOptions = typeof options === 'object' ? options : { labelColumn: options };
  const l = layout(records(text, source, o.delimiter ?? detectDelimiter(text)), source, o.labelColumn);
  if (l.body.length === 0) throw new DataError(source, 'a header and no examples');
  checkCells(l, source);
  const features = l.width - 1;
  const x = new Float32Array(l.body.length * features);
  const rawLabels: string[] = [];
  l.body.forEach((row, i) => {
    let j = 0;
    row.forEach((c, k) => (k === l.col ? rawLabels.push(c) : (x[i * features + j++] = Number(c))));
  });
  const numericLabels = rawLabels.every(numeric);
  const distinct = [...new Set(rawLabels)].sort(numericLabels ? (a, b) => Number(a) - Number(b) : undefined);
  const code = new Map(distinct.map((v, i) => [v, i]));
  const y = Int32Array.from(rawLabels, (v) => code.get(v)!);
  return { name: source, x, y, features, shape: [features], classes: Math.max(2, distinct.length) };
}

export function loadCsv(path: string, options: CsvOptions | number | string = {}): Dataset {
  return parseCsv(readFileSync(path, 'utf8'), path, options);
}

/** The header check: the first 64 KiB's records as the loader reads them, and the examples counted. */
export function probeCsv(path: string, options: CsvOptions = {}): DataSize {
  const { text, whole } = readHead(path);
  const delimiter = options.delimiter ?? detectDelimiter(text);
  const l = layout(records(text, path, delimiter), path, options.labelColumn);
  checkCells(l, path);
  const all = whole ? undefined : readFileSync(path);
  const header = l.header ? 1 : 0;
  const examples =
    all === undefined ? l.body.length : all.includes(0x22) ? records(all.toString('utf8'), path, delimiter).length - header : countLines(all) - header;
  if (examples < 1) throw new DataError(path, 'a header and no examples');
  return { name: path, examples, features: l.width - 1, shape: [l.width - 1] };
}
