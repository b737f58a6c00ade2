/**
 * IDX (LeCun's format of MNIST, Fashion-MNIST, EMNIST …), raw or gzip-compressed: a magic of two
 * zero bytes, a type byte (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32,
 * 0x0E float64), a dimension count k, k big-endian uint32 sizes, then the values big-endian in
 * row-major order. An examples file has k ≥ 2 (count × one example's shape), its labels file
 * k = 1 (count integer classes ≥ 0). uint8 examples are scaled to [0, 1] (pixels ÷ 255); other
 * types are kept as they are.
 *
 * `probeIdx` reads only the header (the first 64 KiB of a .gz file) and checks the file's length
 * against it (a .gz through its trailer's uncompressed size), so validation knows the sizes
 * without loading the file.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';
import { DataError } from './error.ts';
import { openData } from './text.ts';
import type { Dataset } from './types.ts';

interface IdxType {
  readonly name: string;
  readonly bytes: number;
  readonly read: (v: DataView, at: number) => number;
}

const TYPES = new Map<number, IdxType>([
  [0x08, { name: 'uint8', bytes: 1, read: (v, at) => v.getUint8(at) }],
  [0x09, { name: 'int8', bytes: 1, read: (v, at) => v.getInt8(at) }],
  [0x0b, { name: 'int16', bytes: 2, read: (v, at) => v.getInt16(at) }],
  [0x0c, { name: 'int32', bytes: 4, read: (v, at) => v.getInt32(at) }],
  [0x0d, { name: 'float32', bytes: 4, read: (v, at) => v.getFloat32(at) }],
  [0x0e, { name: 'float64', bytes: 8, read: (v, at) => v.getFloat64(at) }],
]);

export interface IdxHeader {
  /** 0x08 … 0x0E, and its name (uint8 …). */
  readonly type: number;
  readonly typeName: string;
  readonly dims: readonly number[];
  /** Byte offset of the first value (4 + 4k). */
  readonly offset: number;
  /** The uncompressed length the header implies: offset + Π dims × bytes per value. */
  readonly length: number;
}

/** The header of IDX bytes (at least the header's bytes); throws a DataError naming `source`. */
export function parseIdxHeader(bytes: Uint8Array, source: string): IdxHeader {
  if (bytes.length < 4) throw new DataError(source, `${bytes.length} bytes — too short for an IDX header (4 bytes of magic)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) throw new DataError(source, `starts ${hex(bytes.subarray(0, 4))} — not an IDX file (magic 00 00 <type> <dims>)`);
  const t = TYPES.get(bytes[2]);
  if (!t) throw new DataError(source, `type byte 0x${bytes[2].toString(16).padStart(2, '0')} — an IDX type is 08, 09, 0b, 0c, 0d or 0e`);
  const k = bytes[3];
  if (k === 0) throw new DataError(source, 'IDX header with 0 dimensions — needs at least 1');
  const offset = 4 + 4 * k;
  if (bytes.length < offset) throw new DataError(source, `${bytes.length} bytes — too short for an IDX header of ${k} dimensions (${offset} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, offset);
  const dims = Array.from({ length: k }, (_, i) => view.getUint32(4 + 4 * i));
  const values = dims.reduce((a, b) => a * b, 1);
  return { type: bytes[2], typeName: t.name, dims, offset, length: offset + values * t.bytes };
}

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');

/**
 * The header of the IDX file at `path`, its length checked (raw: exactly the header's length;
 * gzip: the trailer's uncompressed size modulo 2³², as gzip records it). Reads ≤ 64 KiB.
 */
export function probeIdx(path: string): IdxHeader {
  const { fd, size } = openData(path, 'an IDX file starts with a header');
  try {
    const head = new Uint8Array(Math.min(size, 1 << 16));
    readSync(fd, head, 0, head.length, 0);
    if (!isGzip(head)) return checkLength(parseIdxHeader(head, path), size, path, '');
    const header = parseIdxHeader(gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH }), path);
    const trailer = new Uint8Array(4);
    readSync(fd, trailer, 0, 4, size - 4);
    const isize = new DataView(trailer.buffer).getUint32(0, true);
    return checkLength(header, header.length % 2 ** 32 === isize ? header.length : isize, path, ' (uncompressed, from the gzip trailer)');
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(path, `${(e as Error).message.replace(/^[A-Z_]+: /, '')} — cannot read it as IDX`);
  } finally {
    closeSync(fd);
  }
}

function checkLength(h: IdxHeader, length: number, path: string, how: string): IdxHeader {
  if (length !== h.length)
    throw new DataError(
      path,
      `${length} bytes${how} — its IDX header (${h.typeName}, ${h.dims.join(' × ')}) needs ${h.length}${length < h.length ? ' (truncated)' : ''}`,
    );
  return h;
}

/**
 * The values of an IDX file as float32 (uint8 scaled by 1/255 when `scale`), with its header;
 * with `rows`, only those rows (first-dimension indices), in that order — read row by row from a
 * raw file (a subset of a large file costs its rows, not the file), from the whole of a .gz.
 */
export function readIdx(path: string, scale = true, rows?: ArrayLike<number>): { header: IdxHeader; values: Float32Array } {
  const header = probeIdx(path);
  const t = TYPES.get(header.type)!;
  const width = header.dims.slice(1).reduce((a, b) => a * b, 1);
  const count = rows ? rows.length : header.dims[0];
  const values = new Float32Array(count * width);
  const k = header.type === 0x08 && scale ? 1 / 255 : 1;
  const convert = (src: Uint8Array, at: number, i: number) => {
    if (header.type === 0x08) for (let j = 0; j < width; j++) values[i * width + j] = src[at + j] * k;
    else {
      const view = new DataView(src.buffer, src.byteOffset + at, width * t.bytes);
      for (let j = 0; j < width; j++) values[i * width + j] = t.read(view, j * t.bytes);
    }
  };
  const rowAt = (i: number) => {
    const r = rows ? rows[i] : i;
    if (!(r >= 0 && r < header.dims[0])) throw new RangeError(`${path}: row ${r} of ${header.dims[0]}`);
    return r;
  };
  const fd = openSync(path, 'r');
  try {
    const head = new Uint8Array(2);
    readSync(fd, head, 0, 2, 0);
    if (rows && !isGzip(head)) {
      const row = new Uint8Array(width * t.bytes);
      for (let i = 0; i < count; i++) {
        readSync(fd, row, 0, row.length, header.offset + rowAt(i) * row.length);
        convert(row, 0, i);
      }
      return { header, values };
    }
  } finally {
    closeSync(fd);
  }
  const bytes = wholeFile(path);
  for (let i = 0; i < count; i++) convert(bytes, header.offset + rowAt(i) * width * t.bytes, i);
  return { header, values };
}

/** The file's bytes, a .gz decompressed. */
function wholeFile(path: string): Uint8Array {
  const raw = readFileSync(path);
  try {
    return isGzip(raw) ? gunzipSync(raw) : raw;
  } catch (e) {
    throw new DataError(path, `gzip: ${(e as Error).message} — a corrupt or truncated .gz file`);
  }
}

/**
 * The examples' shape and the labels' count agree: an examples header (k ≥ 2) and a labels header
 * (k = 1, integers) of as many rows; and every label is a class, an integer ≥ 0 (the labels file
 * is read whole — one value per example — so a bad label anywhere is refused at validation).
 */
export function checkIdxPair(examples: IdxHeader, labels: IdxHeader, examplesPath: string, labelsPath: string): void {
  if (examples.dims.length < 2)
    throw new DataError(
      examplesPath,
      `IDX dimensions ${examples.dims.join(' × ')} — examples need count × shape (at least 2 dimensions; is it a labels file?)`,
    );
  if (labels.dims.length !== 1) throw new DataError(labelsPath, `IDX dimensions ${labels.dims.join(' × ')} — labels need 1 dimension (one class per example)`);
  if (labels.type === 0x0d || labels.type === 0x0e) throw new DataError(labelsPath, `IDX type ${labels.typeName} — labels need an integer type`);
  if (labels.dims[0] !== examples.dims[0])
    throw new DataError(labelsPath, `${labels.dims[0]} labels — needs one per example of ${examplesPath} (${examples.dims[0]})`);
  labelClasses(readIdx(labelsPath, false).values, labelsPath);
}

/** The classes of IDX labels (0 … max label, at least 2); a label that is not an integer ≥ 0 as a DataError. */
function labelClasses(all: Float32Array, labelsPath: string): number {
  let classes = 2;
  for (let i = 0; i < all.length; i++) {
    if (!(all[i] >= 0 && Number.isInteger(all[i]))) throw new DataError(labelsPath, `label ${all[i]} at example ${i} — classes are integers ≥ 0`);
    if (all[i] + 1 > classes) classes = all[i] + 1;
  }
  return classes;
}

/**
 * A dataset from an IDX examples file and its IDX labels file; with `rows`, only those examples,
 * in that order. The classes (0 … max label) are counted over the whole labels file.
 */
export function loadIdx(examplesPath: string, labelsPath: string, name = examplesPath, rows?: ArrayLike<number>): Dataset {
  checkIdxPair(probeIdx(examplesPath), probeIdx(labelsPath), examplesPath, labelsPath);
  const { header, values: x } = readIdx(examplesPath, true, rows);
  const { values: all } = readIdx(labelsPath, false);
  const classes = labelClasses(all, labelsPath);
  const y = rows ? Int32Array.from({ length: rows.length }, (_, i) => all[rows[i]]) : Int32Array.from(all);
  return { name, x, y, features: header.dims.slice(1).reduce((a, b) => a * b, 1), shape: idxShape(header), classes };
}

/** One example's shape: h × w images as h × w × 1 (what the CNN reads), other shapes as they are. */
export function idxShape(h: IdxHeader): number[] {
  const dims = h.dims.slice(1);
  return dims.length === 2 ? [dims[0], dims[1], 1] : dims;
}
