/**
 * Issue 11, classes "data is checked up front" and "sizes that cannot fit": the loaders' header
 * checks run at validation (missing, unreadable, empty, binary, malformed, ragged files), the
 * sizes asked of a dataset (train + test, a standard split's parts, the batch a worker's share
 * must hold) and the memory a configuration needs — each refused in one line naming the field,
 * the value and the rule, before anything is loaded or allocated.
 */
import test from 'ava';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeCsv } from '../../src/learn/data/csv.ts';
import { probeLibsvm } from '../../src/learn/data/libsvm.ts';
import { checkMemory, estimateMemory, formatBytes } from '../../src/scenario/checks/memory.ts';
import { DataError } from '../../src/learn/data/error.ts';
import { dataRefusal } from '../../src/scenario/checks/data.ts';
import { planScenario, ScenarioError } from '../../src/scenario/load.ts';
import { loadSharedOrProblem, unwrapLoaded } from '../../src/sweep/shared-data.ts';
import { runSchema } from '../../src/scenario/schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'byzsim-data-check-'));
const file = (name: string, content: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const FIX = join(import.meta.dirname, '..', 'fixtures', 'idx');

const doc = (data: unknown, extra: Record<string, unknown> = {}) => ({
  name: 't',
  steps: 3,
  data,
  model: { name: 'logreg' },
  workers: { n: 4, f: 0, batch: 2 },
  server: { gar: 'average' },
  ...extra,
});

const refused = (t: import('ava').ExecutionContext, d: unknown, pattern: RegExp) => {
  const err = t.throws(() => planScenario(d, 's.yaml'), { instanceOf: ScenarioError });
  t.regex(err!.message, pattern);
  t.false(err!.message.includes('\n'), 'one line');
  t.true(err!.message.length < 400, `short (${err!.message.length})`);
};

test('CSV and LIBSVM files that are missing, a directory, unreadable, empty, binary, malformed or ragged', (t) => {
  const csv = (path: string) => doc({ name: 'csv', path });
  refused(t, csv(join(dir, 'nope.csv')), /^s\.yaml: data\.path: ".*nope\.csv" — no such file$/);
  refused(t, csv(dir), /data\.path: ".*" — a directory — needs a data file/);
  refused(t, csv(file('empty.csv', '')), /data\.path: ".*empty\.csv" — empty file/);
  refused(t, csv(file('blank.csv', '\n \n\n')), /blank\.csv" — no records/);
  refused(t, csv(file('bin.csv', new Uint8Array([49, 44, 50, 0, 1, 2]))), /bin\.csv" — binary content \(a NUL byte at offset 3\) — needs a text file/);
  refused(t, csv(file('ragged.csv', 'a,b,y\n1,2,0\n3,4\n5,6,1\n')), /ragged\.csv" — line 3: 2 cells — every record needs as many as the first \(3\)/);
  refused(t, csv(file('cell.csv', '1,2,0\n3,oops,1\n')), /cell\.csv" — record 2: cell 2 "oops" — features must be finite numbers/);
  refused(t, csv(file('quote.csv', 'a,b,y\n"1,2,0\n')), /quote\.csv" — line \d: Quote Not Closed/);
  refused(t, csv(file('one.csv', '1\n2\n')), /one\.csv" — line 1: 1 cell — needs at least one feature and a label/);
  refused(t, csv(file('header.csv', 'a,b,y\n')), /header\.csv" — a header and no examples/);
  refused(
    t,
    doc({ name: 'csv', path: file('named.csv', 'a,b,y\n1,2,0\n'), labelColumn: 'label' }),
    /named\.csv" — no column named "label" in the header \(a, b, y\)/,
  );
  if (process.getuid?.() !== 0) {
    const locked = file('locked.csv', '1,2,0\n');
    chmodSync(locked, 0);
    refused(t, csv(locked), /locked\.csv" — not readable \(permission denied\)/);
  }
  const svm = (path: string) => doc({ name: 'libsvm', path });
  refused(t, svm(file('bad.svm', '+1 1:0.5\n-1 2:x\n')), /bad\.svm" — line 2: "2:x" — must be index:value with index ≥ 1 and a finite value/);
  refused(t, svm(file('label.svm', 'cat 1:1\n')), /label\.svm" — line 1: label "cat" — must be a number/);
  refused(t, svm(file('comments.svm', '# only a comment\n')), /comments\.svm" — no examples/);
  refused(t, doc({ name: 'csv' }), /data\.path: missing — data\.name = csv reads a file/);
});

test('the header check reads the first 64 KiB and counts the rest without parsing it', (t) => {
  const rows = Array.from({ length: 20000 }, (_, i) => `${i % 7},${(i * 0.37).toFixed(3)},${i % 2}`);
  const big = file('big.csv', `f1,f2,y\n${rows.join('\n')}\n\n`);
  t.deepEqual(probeCsv(big), { name: big, examples: 20000, features: 2, shape: [2] });
  const quoted = file('quoted.csv', `"f1";"f 2";"y"\n${rows.map((r) => r.replaceAll(',', ';')).join('\n')}\n`);
  t.is(probeCsv(quoted).examples, 20000, 'a quoting file is parsed to count its records');
  const svm = file('big.svm', `# header comment\n${rows.map((_, i) => `${i % 2} ${1 + (i % 5)}:1`).join('\n')}\n`);
  t.like(probeLibsvm(svm), { examples: 20000 });
  refused(
    t,
    doc({ name: 'csv', path: big, train: 19000, test: 2000 }),
    /data\.train: 19000 — needs data\.train \+ data\.test ≤ the 20000 examples of .*big\.csv \(19000 \+ 2000 = 21000\)/,
  );
});

test('past the first 64 KiB, a bad record is the loader’s DataError: the loader thread hands back its file and rule, which the run refuses as data.path (exit 2)', (t) => {
  const rows = Array.from({ length: 20000 }, (_, i) => `${i % 7},${(i * 0.37).toFixed(3)},${i % 2}`);
  const late = (name: string, data: (path: string) => unknown, content: string, rule: RegExp) => {
    const cfg = planScenario(doc(data(file(name, content))), 's.yaml').runs[0].config;
    const loaded = loadSharedOrProblem(cfg);
    if (!('dataError' in loaded)) return t.fail(`${name}: loaded`);
    t.regex(loaded.dataError.rule, rule, name);
    const err = t.throws(() => unwrapLoaded(loaded), { instanceOf: DataError });
    t.regex(dataRefusal(cfg.data, err!), new RegExp(`^data\\.path: ".*${name.replace('.', '\\.')}" — `));
  };
  const csv = (path: string) => ({ name: 'csv', path });
  const body = `f1,f2,y\n${rows.join('\n')}\n`;
  late('late-ragged.csv', csv, `${body}1,2\n`, /^line 20002: 2 cells — every record needs as many as the first \(3\)$/);
  late('late-cell.csv', csv, `${body}1,oops,0\n`, /^record 20002: cell 2 "oops" — features must be finite numbers$/);
  const svm = (path: string) => ({ name: 'libsvm', path });
  late('late.svm', svm, `${rows.map((_, i) => `${i % 2} ${1 + (i % 5)}:1`).join('\n')}\n+1 3:x\n`, /^line 20001: "3:x" — must be index:value/);
});

test('IDX labels are checked whole at validation (one value per example): a label that is not a class is refused', (t) => {
  const images = join(FIX, 'train-images-idx3-ubyte');
  const labels = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 12, ...Array(11).fill(1), 255]);
  t.notThrows(() => planScenario(doc({ name: 'idx', path: images, labels: file('ok-labels', labels), train: 8, test: 4 }), 's.yaml'), 'label 255 is a class');
  const int32 = new Uint8Array([0, 0, 0x0c, 1, 0, 0, 0, 12, ...Array(48).fill(0)]);
  new DataView(int32.buffer).setInt32(8 + 4 * 7, -3);
  refused(
    t,
    doc({ name: 'idx', path: images, labels: file('neg-labels', int32), train: 8, test: 4 }),
    /data\.labels: ".*neg-labels" — label -3 at example 7 — classes are integers ≥ 0/,
  );
});

test('CSV through csv-parse: quoted fields, ; and tab delimiters (detected or given), a header row', (t) => {
  const plan = (data: unknown) => planScenario(doc(data), 's.yaml').runs[0].config.data;
  t.notThrows(() => plan({ name: 'csv', path: file('semi.csv', 'a;b;y\n1;2;0\n3;4;1\n5;6;0\n7;8;1\n9;10;0\n11;12;1\n13;14;0\n15;16;1\n17;18;0\n19;20;1\n') }));
  t.notThrows(() => plan({ name: 'csv', path: file('tab.csv', Array.from({ length: 12 }, (_, i) => `${i}\t${i * 2}\t${i % 2}`).join('\n')) }));
  t.notThrows(() =>
    plan({
      name: 'csv',
      path: file('q.csv', `"a","b","y"\n${Array.from({ length: 12 }, (_, i) => `"${i}", "${i + 1}","c${i % 3}"`).join('\n')}\n`),
      labelColumn: 'y',
    }),
  );
  refused(
    t,
    doc({ name: 'csv', path: file('pipe.csv', 'a|b|y\n1|2|0\n'), delimiter: ',' }),
    /pipe\.csv" — line 1: 1 cell — needs at least one feature and a label/,
  );
  t.notThrows(() => plan({ name: 'csv', path: file('pipe2.csv', Array.from({ length: 12 }, (_, i) => `${i}|${i % 2}`).join('\n')), delimiter: '|' }));
});

test('data.train + data.test beyond the dataset, and a standard split’s parts', (t) => {
  refused(
    t,
    doc({ name: 'mnist', train: 60001 }),
    /data\.train: 60001 — needs ≤ 60000, the training part of the standard split of mnist \(60000 train, 10000 test\)/,
  );
  refused(t, doc({ name: 'mnist', train: 8000, test: 12000 }), /data\.test: 12000 — needs ≤ 10000, the test part of the standard split of mnist/);
  refused(
    t,
    doc({ name: 'csv', path: file('ten.csv', Array.from({ length: 10 }, (_, i) => `${i},${i % 2}`).join('\n')), test: 10 }),
    /data\.test: 10 — needs ≤ 9, leaving a training example of the 10 of .*ten\.csv/,
  );
  refused(
    t,
    doc({ name: 'synthetic', examples: 100, train: 90, test: 20 }),
    /data\.train: 90 — needs data\.train \+ data\.test ≤ the 100 examples of synthetic/,
  );
  const idx = { name: 'idx', path: join(FIX, 'train-images-idx3-ubyte'), labels: join(FIX, 'train-labels-idx1-ubyte') };
  refused(t, doc({ ...idx, train: 10, test: 4 }), /data\.train: 10 — needs data\.train \+ data\.test ≤ the 12 examples of .*train-images-idx3-ubyte/);
  refused(t, doc({ ...idx, labels: join(FIX, 't10k-labels-idx1-ubyte') }), /data\.labels: ".*t10k-labels-idx1-ubyte" — 4 labels — needs one per example/);
  refused(t, doc({ name: 'idx', path: idx.path }), /data\.labels: missing — data\.name = idx reads an examples file \(path\) and a labels file \(labels\)/);
  refused(t, doc({ name: 'fashion-mnist', path: dir }), /data\.path: ".*" — no train-images-idx3-ubyte \(or train-images-idx3-ubyte\.gz\)/);
  refused(
    t,
    doc({ name: 'fashion-mnist', path: FIX, train: 13 }),
    /data\.train: 13 — needs ≤ 12, the training part of the standard split of fashion-mnist \(12 train, 4 test\)/,
  );
  refused(t, doc({ name: 'fashion-mnist', path: FIX, test: 5 }), /data\.test: 5 — needs ≤ 4, the test part/);
});

test('a batch larger than each worker’s share of the training set', (t) => {
  refused(
    t,
    doc({ name: 'mnist', train: 100, test: 10 }, { workers: { n: 11, f: 0, batch: 32 } }),
    /workers\.batch: 32 — needs ≤ each worker’s share of the training set, ⌊train \/ n⌋ = ⌊100 \/ 11⌋ = 9/,
  );
  refused(
    t,
    doc({ name: 'mnist', train: 100, test: 10, partition: { dirichlet: 0.5 } }, { workers: { n: 11, f: 0, batch: 10 } }),
    /workers\.batch: 10 — needs ≤ the average worker’s share .* = 9/,
  );
  t.notThrows(() => planScenario(doc({ name: 'mnist', train: 99, test: 10 }, { workers: { n: 11, f: 0, batch: 9 } }), 's.yaml'));
});

test('sizes that cannot fit are refused with the memory they need, before anything is allocated', (t) => {
  const mnist = { name: 'mnist', train: 8000, test: 1000 };
  refused(
    t,
    doc(mnist, { workers: { n: 1e10, f: 0, batch: 1 } }),
    /^s\.yaml: workers\.n: 10000000000 — the configuration needs ≈ \d+(\.\d+)? TiB \(d = 7850 parameters × \(2n \+ 3\) float32 vectors/,
  );
  refused(
    t,
    doc(mnist, { model: { name: 'mlp', hidden: [1e10] } }),
    /model\.hidden: \[10000000000\] — the configuration needs ≈ \d+(\.\d+)? TiB \(d = 7\.95e12 parameters/,
  );
  refused(
    t,
    doc(mnist, { model: { name: 'cnn', filters: [100000, 100000] } }),
    /model\.filters: \[100000, 100000\] — the configuration needs ≈ .* more than this machine’s/,
  );
  refused(
    t,
    doc({ name: 'synthetic', examples: 1e10, features: 10 }),
    /data\.examples: 10000000000 — the configuration needs ≈ \d+(\.\d+)? GiB .*dataset: \d+(\.\d+)? GiB/,
  );
  refused(t, doc({ name: 'synthetic', features: 1e10, examples: 100 }), /data\.features: 10000000000 — the configuration needs ≈/);
});

test('virtual time stays finite: delays, times and costs beyond 10¹² ms are refused, with the rule', (t) => {
  const syn = { name: 'synthetic', examples: 200, features: 4 };
  refused(
    t,
    doc(syn, { network: { delay: { model: 'fixed', ms: 1e308 } } }),
    /network\.delay\.ms: 1e\+308 — fixed needs ≤ 1e12 ms, the longest delay byzsim simulates/,
  );
  refused(t, doc(syn, { network: { delay: { model: 'pareto', scaleMs: 1, alpha: 0.001 } } }), /network\.delay\.alpha: .*needs ≤ 1e12 ms/);
  refused(
    t,
    doc(syn, { compute: { gradient: { fixedMs: 1e308 } } }),
    /compute\.gradient\.fixedMs: 1e\+308 — must be ≤ 1e12, the longest time byzsim simulates/,
  );
  refused(t, doc(syn, { compute: { aggregate: { perValueNs: 1e300 } } }), /compute\.aggregate\.perValueNs: 1e\+300 — must be ≤ 1e12/);
  refused(t, doc(syn, { server: { gar: 'average', timeoutMs: 1e308 } }), /server\.timeoutMs: 1e\+308 — must be ≤ 1e12/);
  refused(
    t,
    doc(syn, { network: { synchrony: { mode: 'partial', deltaMs: 5, gstMs: 1e20 } } }),
    /network\.synchrony\.gstMs: 100000000000000000000 — must be ≤ 1e12/,
  );
  refused(t, doc(syn, { network: { synchrony: { mode: 'synchronous', deltaMs: 0 } } }), /network\.synchrony\.deltaMs: 0 — must be > 0/);
  refused(
    t,
    doc(syn, { workers: { n: 4, f: 0, batch: 2, faults: [{ kind: 'straggler', worker: 0, slowdown: 1e308 }] } }),
    /workers\.faults\[0\]\.slowdown: 1e\+308 — must be ≤ 1e12/,
  );
});

test('the memory estimate counts d × (2n + 3) float32 vectors and the dataset with its split copies', (t) => {
  const cfg = runSchema.parse(doc({ name: 'mnist', train: 8000, test: 1000 }, { model: { name: 'mlp', hidden: [64] }, workers: { n: 11, f: 0, batch: 8 } }));
  const size = { name: 'mnist', examples: 10000, features: 784, shape: [28, 28, 1], classes: 10 };
  const e = estimateMemory(cfg, size, 8000, 1000);
  t.is(e.d, 784 * 64 + 64 + 64 * 10 + 10);
  t.is(e.modelBytes, 4 * e.d * (2 * 11 + 3));
  t.is(e.dataBytes, 4 * 785 * (10000 + 8000 + 1000));
  t.is(checkMemory(cfg, size, 8000, 1000, e.total), undefined, 'exactly the limit fits');
  t.regex(
    checkMemory(cfg, size, 8000, 1000, e.total - 1)!,
    /^data\.train: 8000 — the configuration needs ≈ 61\.\d MiB \(d = 50890 parameters × \(2n \+ 3\) float32 vectors with n = 11: 4\.85 MiB; dataset: 56\.9 MiB\)/,
  );
  t.is(formatBytes(80 * 2 ** 30), '80.0 GiB');
  t.is(formatBytes(512), '512 B');
});

test('fashion-mnist and idx data pass validation with their shapes; the CNN needs square one-channel images', (t) => {
  const idx = { name: 'idx', path: join(FIX, 'train-images-idx3-ubyte'), labels: join(FIX, 'train-labels-idx1-ubyte'), train: 8, test: 4 };
  t.notThrows(() => planScenario(doc(idx, { workers: { n: 4, f: 0, batch: 2 } }), 's.yaml'));
  const flat = file('flat-idx', new Uint8Array([0, 0, 8, 2, 0, 0, 0, 12, 0, 0, 0, 3, ...Array(36).fill(1)]));
  refused(t, doc({ ...idx, path: flat }, { model: { name: 'cnn' } }), /model\.name: cnn — needs square one-channel images, got examples of 3 in ".*flat-idx"/);
  refused(
    t,
    doc({ name: 'synthetic' }, { model: { name: 'cnn' } }),
    /model\.name: cnn — needs image data \(data\.name = mnist, fashion-mnist or idx\), got synthetic/,
  );
  t.notThrows(() => planScenario(doc({ name: 'fashion-mnist', path: FIX }, { workers: { n: 4, f: 0, batch: 2 } }), 's.yaml'));
});
