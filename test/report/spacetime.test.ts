import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSkeleton } from '../../src/protocols/ps/skeleton.ts';
import { fixed } from '../../src/net/delay/fixed.ts';
import { laneOrder, messageArrows, spacetime } from '../../src/report/spacetime.ts';
import { writeSpacetimes } from '../../src/report/spacetime-report.ts';
import { ReportInputError } from '../../src/report/read.ts';

const count = (svg: string, re: RegExp) => (svg.match(re) ?? []).length;

test('lanes in natural order: by prefix, then by number', (t) => {
  t.deepEqual(laneOrder(['w10', 'w2', 'server', 'w0', 's1', 'w2']), ['s1', 'server', 'w0', 'w2', 'w10']);
});

test('arrows: a delivered send, a dup, a loss at the send, a cut in flight, a late arrival', (t) => {
  const recs = [
    { t: 0, ev: 'send', from: 'a', to: 'b', kind: 'm', step: 0, at: 2 },
    { t: 0, ev: 'dup', from: 'a', to: 'b', kind: 'm', step: 0, at: 9 },
    { t: 0, ev: 'drop', from: 'a', to: 'c', kind: 'm', step: 0, why: 'loss' },
    { t: 1, ev: 'send', from: 'c', to: 'b', kind: 'g', step: 0, at: 4 },
    { t: 2, ev: 'deliver', from: 'a', to: 'b', kind: 'm', step: 0 },
    { t: 3, ev: 'step', node: 'b', step: 0, used: ['a'] },
    { t: 4, ev: 'drop', from: 'c', to: 'b', kind: 'g', step: 0, why: 'partition', sent: 1 },
    { t: 9, ev: 'deliver', from: 'a', to: 'b', kind: 'm', step: 0 },
  ];
  t.deepEqual(
    messageArrows(recs).map((a) => `${a.from}→${a.to}@${a.t}-${a.at}:${a.fate}`),
    ['a→b@0-2:delivered', 'a→b@0-9:late', 'a→c@0-0:dropped', 'c→b@1-4:dropped'],
  );
});

test('20 nodes and a few hundred messages: one lane each, every message an arrow, a time axis; --from/--to clip', (t) => {
  const run = runSkeleton({
    n: 19,
    steps: 6,
    policy: 'async',
    quorum: 15,
    delay: fixed.sampler({ ms: 2 }),
    lossRate: 0.05,
    duplicationRate: 0.05,
    timeoutMs: 20,
    seed: 3,
    keepHistory: true,
    scheduler: (_f, _t, _m, now) => 1 + ((now * 7) % 5),
  });
  const recs = run.history.records;
  const sends = recs.filter((r) => r.ev === 'send' || r.ev === 'dup').length + recs.filter((r) => r.ev === 'drop' && r.sent === undefined).length;
  t.true(sends >= 200, `${sends} messages`);
  const svg = spacetime(recs, { title: 'ps' });
  t.is(count(svg, /<g class="lane" data-node=/g), 20);
  t.is(count(svg, /class="msg (delivered|dropped|late)"/g), sends);
  t.true(count(svg, /class="msg dropped"/g) > 0);
  t.true(count(svg, /class="tick"/g) >= 5);
  t.is(count(svg, /class="aggregate"/g), 6);
  const end = recs.at(-1)!.t;
  const clipped = spacetime(recs, { title: 'ps', fromMs: end / 2, toMs: end });
  t.true(count(clipped, /class="msg /g) < sends);
  t.true(count(clipped, /class="aggregate"/g) < 6);
});

test('writeSpacetimes draws beside every trace.jsonl of a run directory; a bad trace line is one line naming the file and line', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'byzsim-st-'));
  const run = runSkeleton({ n: 3, steps: 2, policy: 'async', quorum: 2, delay: fixed.sampler({ ms: 1 }), keepHistory: true });
  for (const c of ['b', 'a']) {
    mkdirSync(join(dir, c));
    writeFileSync(join(dir, c, 'trace.jsonl'), run.history.records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  }
  t.deepEqual(writeSpacetimes(dir), [join(dir, 'a', 'spacetime.svg'), join(dir, 'b', 'spacetime.svg')]);
  t.regex(readFileSync(join(dir, 'a', 'spacetime.svg'), 'utf8'), /<svg/);
  writeFileSync(join(dir, 'b', 'trace.jsonl'), '{"t":0,"ev":"send"}\nnot json\n');
  const e = t.throws(() => writeSpacetimes(dir), { instanceOf: ReportInputError, message: /b\/trace\.jsonl:2: not JSON/ });
  t.false(e?.message.includes('\n'));
  t.throws(() => writeSpacetimes(join(dir, 'a', 'x')), { instanceOf: ReportInputError, message: /is not a directory/ });
  t.throws(() => writeSpacetimes(dir, { fromMs: 5, toMs: 1 }), { instanceOf: ReportInputError, message: /--to: 1 — must be greater than --from/ });
});
