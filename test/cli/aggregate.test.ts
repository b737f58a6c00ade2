import test from 'ava';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAggregate } from '../../src/cli/aggregate.ts';
import { UserError } from '../../src/cli/errors.ts';

const DOC3 = JSON.stringify({
  vectors: [
    [1, 2, 3],
    [4, 5, 6],
    [7, 8, 9],
  ],
});
const read = (text: string) => () => text;
const flags = (rule: string, extra: Partial<Parameters<typeof runAggregate>[0]> = {}) => ({
  rule,
  param: [],
  convention: 'paper',
  input: 'x.json',
  seed: '0',
  ...extra,
});

test('aggregate prints the median of the docstring example', (t) => {
  t.is(runAggregate(flags('median'), read(DOC3)), '[4,5,6]');
});

test('aggregate --convention byzfl accepts ByzFL names: CenteredClipping L and tau', (t) => {
  const out = JSON.parse(runAggregate(flags('centered-clip', { convention: 'byzfl', param: ['tau=1', 'L=1'] }), read(DOC3))) as number[];
  [0.40855808626113094, 0.5595639643390764, 0.7105698424170218].forEach((e, k) => t.true(Math.abs(out[k] - e) < 1e-12));
});

test('aggregate --convention byzfl runs Krum at n=3, f=1 (ByzFL only needs 2f < n); the paper convention rejects it', (t) => {
  t.is(runAggregate(flags('krum', { f: '1', convention: 'byzfl' }), read(DOC3)), '[1,2,3]');
  const err = t.throws(() => runAggregate(flags('krum', { f: '1' }), read(DOC3)), { instanceOf: UserError });
  t.is(err?.message, 'krum: needs n ≥ 2f+3, got n=3, f=1');
});

test('a pipeline ending with a pre-aggregator prints its vectors; step-qualified params reach one step', (t) => {
  t.is(runAggregate(flags('nnm', { f: '1', convention: 'byzfl' }), read(DOC3)), '[[2.5,3.5,4.5],[2.5,3.5,4.5],[5.5,6.5,7.5]]');
  t.is(
    runAggregate(
      flags('clip → average', { param: ['clip.c=5'] }),
      read(
        JSON.stringify({
          vectors: [
            [0, 0],
            [3, 4],
            [30, 40],
          ],
        }),
      ),
    ),
    '[2,2.6666666666666665]',
  );
});

test('bad input is a one-line UserError', (t) => {
  t.throws(() => runAggregate(flags('krum', { param: ['foo=1'] }), read(DOC3)), { instanceOf: UserError, message: /unknown parameter foo/ });
  t.throws(() => runAggregate(flags('kurm'), read(DOC3)), { instanceOf: UserError, message: /unknown aggregation step "kurm"/ });
  t.throws(() => runAggregate(flags('median'), read('{"vectors": [[1,2],[3]]}')), { instanceOf: UserError, message: /vectors\[1\] has length 1/ });
  t.throws(() => runAggregate(flags('mda', { f: '10' }), read(JSON.stringify({ vectors: Array.from({ length: 50 }, (_, i) => [i]) }))), {
    instanceOf: UserError,
    message: /mda: exact search over C\(50,10\) = 1\.027e\+10 subsets exceeds maxSubsets/,
  });
});

test('paper convention drops non-finite rows like the server; byzfl passes them through', (t) => {
  const text = JSON.stringify({ vectors: [[1], [2], [3], ['inf']] });
  t.is(runAggregate(flags('average'), read(text)), '[2]');
  t.is(runAggregate(flags('average', { convention: 'byzfl' }), read(text)), '["inf"]');
});

test('byzsim aggregate through the real CLI: output on stdout, exit 2 and one line on bad input', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'byzsim-agg-'));
  const file = join(dir, 'x.json');
  writeFileSync(file, DOC3);
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'aggregate', '--rule', 'trimmed-mean', '--f', '1', '--input', file], {
    encoding: 'utf8',
  });
  t.is(out.trim(), '[4,5,6]');
  const bad = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'aggregate', '--rule', 'bulyan', '--f', '1', '--input', file], {
    encoding: 'utf8',
  });
  t.is(bad.status, 2);
  t.is(bad.stderr.trim(), 'byzsim: bulyan: needs n ≥ 4f+3, got n=3, f=1');
});

test('aggregate --convention byzfl accepts ByzFL class names: Clipping → NNM → TrMean', (t) => {
  const text = JSON.stringify({
    vectors: [
      [1, 2],
      [3, 4],
      [5, 6],
      [70, 80],
      [9, 10],
    ],
  });
  const ours = runAggregate(flags('clip → nnm → trimmed-mean', { f: '1', convention: 'byzfl' }), read(text));
  t.is(runAggregate(flags('Clipping → NNM → TrMean', { f: '1', convention: 'byzfl' }), read(text)), ours);
});
