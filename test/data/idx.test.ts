/**
 * The IDX loader (issue 12 item 1) on the small fixture in test/fixtures/idx (12 train + 4 test
 * 4×4 uint8 images, class c lights row c), raw and gzip-compressed; its header check on
 * truncated, wrong-type and mismatched files.
 */
import test from 'ava';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataError } from '../../src/learn/data/error.ts';
import { FASHION_MNIST_DIR } from '../../src/learn/data/standard.ts';
import { loadIdx, parseIdxHeader, probeIdx, readIdx } from '../../src/learn/data/idx.ts';
import { loadData } from '../../src/learn/data/index.ts';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'idx');
const images = join(FIX, 'train-images-idx3-ubyte');
const labels = join(FIX, 'train-labels-idx1-ubyte');
const tmp = mkdtempSync(join(tmpdir(), 'byzsim-idx-'));
const put = (name: string, bytes: Uint8Array) => {
  const p = join(tmp, name);
  writeFileSync(p, bytes);
  return p;
};

test('the header: type, dimensions, offset and the length they imply', (t) => {
  const h = probeIdx(images);
  t.deepEqual(h, { type: 0x08, typeName: 'uint8', dims: [12, 4, 4], offset: 16, length: 16 + 12 * 16 });
  t.deepEqual(probeIdx(labels).dims, [12]);
});

test('a dataset: uint8 pixels scaled to [0, 1], images shaped h × w × 1, labels as classes', (t) => {
  const ds = loadIdx(images, labels);
  t.is(ds.features, 16);
  t.deepEqual(ds.shape, [4, 4, 1]);
  t.is(ds.classes, 3);
  t.deepEqual([...ds.y], [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
  for (let i = 0; i < 12; i++) {
    const row = ds.y[i];
    for (let c = 0; c < 4; c++) t.is(ds.x[i * 16 + row * 4 + c], 1, `example ${i}: row ${row} lit`);
  }
  t.true(ds.x.every((v) => v >= 0 && v <= 1));
});

test('gzip-compressed files read the same, their length checked through the gzip trailer', (t) => {
  const gzImages = put('i.gz', gzipSync(readFileSync(images)));
  const gzLabels = put('l.gz', gzipSync(readFileSync(labels)));
  t.deepEqual(probeIdx(gzImages), probeIdx(images));
  const a = loadIdx(images, labels);
  const b = loadIdx(gzImages, gzLabels);
  t.deepEqual(b.x, a.x);
  t.deepEqual(b.y, a.y);
  const cut = readFileSync(images).subarray(0, 100);
  const e = t.throws(() => probeIdx(put('cut.gz', gzipSync(cut))), { instanceOf: DataError });
  t.regex(e!.rule, /^100 bytes \(uncompressed, from the gzip trailer\) — its IDX header \(uint8, 12 × 4 × 4\) needs 208 \(truncated\)$/);
});

test('other IDX types are read big-endian as they are (int16, float32, float64)', (t) => {
  const file = (type: number, dims: number[], write: (v: DataView, at: number, x: number) => void, bytes: number, values: number[]) => {
    const buf = new Uint8Array(4 + 4 * dims.length + bytes * values.length);
    const v = new DataView(buf.buffer);
    buf.set([0, 0, type, dims.length]);
    dims.forEach((d, i) => v.setUint32(4 + 4 * i, d));
    values.forEach((x, i) => write(v, 4 + 4 * dims.length + bytes * i, x));
    return buf;
  };
  const short = put(
    's',
    file(0x0b, [2, 2], (v, at, x) => v.setInt16(at, x), 2, [-3, 300, 7, -1]),
  );
  t.deepEqual([...readIdx(short).values], [-3, 300, 7, -1]);
  const f32 = put(
    'f',
    file(0x0d, [3], (v, at, x) => v.setFloat32(at, x), 4, [0.5, -2, 1e-3]),
  );
  t.deepEqual([...readIdx(f32).values], [0.5, -2, Math.fround(1e-3)]);
  const f64 = put(
    'd',
    file(0x0e, [1, 2], (v, at, x) => v.setFloat64(at, x), 8, [1.25, -8]),
  );
  t.deepEqual([...readIdx(f64).values], [1.25, -8]);
  const floatLabels = put(
    'fl',
    file(0x0d, [12], (v, at, x) => v.setFloat32(at, x), 4, Array(12).fill(1)),
  );
  t.throws(() => loadIdx(images, floatLabels), { instanceOf: DataError, message: /labels need an integer type/ });
});

test('the header check refuses what is not IDX, truncated or padded files, and pairs that do not match', (t) => {
  const raw = readFileSync(images);
  const cases: [Uint8Array, RegExp][] = [
    [new Uint8Array(0), /empty file/],
    [new Uint8Array([0, 0]), /2 bytes — too short for an IDX header/],
    [new TextEncoder().encode('label,a,b\n1,2,3\n'), /starts 6c 61 62 65 — not an IDX file/],
    [new Uint8Array([0, 0, 0x07, 1, 0, 0, 0, 1, 9]), /type byte 0x07 — an IDX type is/],
    [new Uint8Array([0, 0, 0x08, 3, 0, 0]), /too short for an IDX header of 3 dimensions \(16 bytes\)/],
    [raw.subarray(0, 150), /150 bytes — its IDX header \(uint8, 12 × 4 × 4\) needs 208 \(truncated\)/],
    [Buffer.concat([raw, Buffer.from([1, 2])]), /210 bytes — its IDX header \(uint8, 12 × 4 × 4\) needs 208$/],
  ];
  for (const [bytes, pattern] of cases) {
    const p = put('bad', bytes);
    const e = t.throws(() => probeIdx(p), { instanceOf: DataError });
    t.regex(e!.message, pattern);
    t.is(e!.file, p);
  }
  t.throws(() => parseIdxHeader(new Uint8Array([1, 0, 8, 1]), 'x'), { message: /x: starts 01 00 08 01 — not an IDX file/ });
  t.throws(() => loadIdx(labels, labels), { instanceOf: DataError, message: /examples need count × shape/ });
  t.throws(() => loadIdx(images, images), { instanceOf: DataError, message: /labels need 1 dimension/ });
  t.throws(() => loadIdx(images, join(FIX, 't10k-labels-idx1-ubyte')), {
    instanceOf: DataError,
    message: /4 labels — needs one per example of .*train-images-idx3-ubyte \(12\)/,
  });
  t.throws(() => probeIdx(join(tmp, 'missing')), { instanceOf: DataError, message: /missing: no such file$/ });
  t.throws(() => probeIdx(tmp), { instanceOf: DataError, message: /a directory — needs a data file/ });
});

test('a standard split (train-* and t10k-* files): each part whole by default, or a seeded subset of it', (t) => {
  const whole = loadData({ name: 'fashion-mnist', path: FIX }, 1);
  t.is(whole.train.y.length, 12);
  t.is(whole.test.y.length, 4);
  t.deepEqual(whole.test.x, loadIdx(join(FIX, 't10k-images-idx3-ubyte'), join(FIX, 't10k-labels-idx1-ubyte')).x, 'the test part is the t10k files');
  const a = loadData({ name: 'fashion-mnist', path: FIX, train: 5, test: 2 }, 7);
  const b = loadData({ name: 'fashion-mnist', path: FIX, train: 5, test: 2 }, 7);
  const c = loadData({ name: 'fashion-mnist', path: FIX, train: 5, test: 2 }, 8);
  t.deepEqual(a.train.x, b.train.x);
  t.deepEqual(a.test.y, b.test.y);
  t.notDeepEqual(a.train.x, c.train.x, 'another seed draws another subset');
  const rows = (x: Float32Array) => Array.from({ length: x.length / 16 }, (_, i) => x.subarray(16 * i, 16 * i + 16).join(','));
  const train = new Set(rows(whole.train.x));
  t.true(
    rows(a.train.x).every((r) => train.has(r)),
    'a subset of the training part',
  );
  t.is(new Set(rows(a.train.x)).size, 5, 'drawn without replacement');
  t.is(a.train.classes, 3);
});

test('data.name: idx splits one examples/labels pair by the seed, as csv and libsvm are', (t) => {
  const spec = { name: 'idx' as const, path: images, labels, train: 8, test: 4 };
  const { train, test } = loadData(spec, 3);
  t.is(train.y.length + test.y.length, 12);
  t.deepEqual(loadData(spec, 3).test.y, test.y);
  t.deepEqual(train.shape, [4, 4, 1]);
});

const fashion = existsSync(join(FASHION_MNIST_DIR, 'train-labels-idx1-ubyte.gz'));
(fashion ? test : test.skip)(
  'Fashion-MNIST from Debian’s dataset-fashion-mnist (/usr/share/datasets/fashion-mnist): 60,000 + 10,000 28×28 images of 10 classes (skipped when the package is not installed)',
  (t) => {
    t.deepEqual(probeIdx(join(FASHION_MNIST_DIR, 'train-images-idx3-ubyte.gz')).dims, [60000, 28, 28]);
    t.deepEqual(probeIdx(join(FASHION_MNIST_DIR, 't10k-labels-idx1-ubyte.gz')).dims, [10000]);
    const { train, test } = loadData({ name: 'fashion-mnist', train: 2000, test: 500 }, 1);
    t.is(train.y.length, 2000);
    t.is(test.y.length, 500);
    t.deepEqual(train.shape, [28, 28, 1]);
    t.is(train.classes, 10);
    const perClass = new Array(10).fill(0);
    for (const c of train.y) perClass[c]++;
    t.true(
      perClass.every((k) => k > 120 && k < 280),
      `about 200 per class: ${perClass}`,
    );
    t.true(train.x.every((v) => v >= 0 && v <= 1));
  },
);
