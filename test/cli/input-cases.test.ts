/**
 * Issue 11, class "case files": `fuzz replay` and `fuzz protocol --replay` on corrupt, partial,
 * empty, wrong-kind, inconsistent or out-of-range case files are refused with one line that
 * names the file, the field and the rule (never a TypeError stack, never a bare message).
 */
import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFuzzGar } from '../../src/cli/fuzz.ts';
import { tempDir } from '../e2e/cli.ts';
import { cliInProcess } from './in-process.ts';
import { refusesInProcess as refuses } from './refuses.ts';

const dir = tempDir('byzsim-cases-');
const garCase = runFuzzGar({ rule: 'krum', n: '5', f: '2', runs: '20', seed: '1', unsafe: true, out: dir, param: [], convention: 'paper' }).file!;
const garDoc = () => JSON.parse(readFileSync(garCase, 'utf8')) as Record<string, unknown>;
const protocolDoc = () => ({
  version: 1,
  kind: 'protocol',
  spec: { n: 4, f: 0, policy: 'sync', quorum: 4, steps: 3, lossRate: 0, duplicationRate: 0 },
  expectLive: true,
  case: { delays: [1, 2], crashes: [[0, 5]], seed: 3 },
});
let k = 0;
const write = (content: unknown) => {
  const file = join(dir, `case-${k++}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test.serial('valid cases replay: a fuzz gar case, a protocol case', async (t) => {
  const r = await cliInProcess('fuzz', 'replay', garCase);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^krum n=5 f=2: ratio /);
  const p = await cliInProcess('fuzz', 'protocol', '--replay', write(protocolDoc()));
  t.not(p.code, 2, p.stderr);
  t.regex(p.stdout, /^replay sync n=4 f=0 q=4/);
});

test.serial('corrupt, truncated, empty and non-object case files name the file', async (t) => {
  const text = readFileSync(garCase, 'utf8');
  for (const [content, says] of [
    [text.slice(0, Math.floor(text.length / 2)), /not valid JSON .* — a truncated or corrupt case file\?/],
    ['', /empty — expected a fuzz gar case \(JSON\)/],
    ['[1, 2, 3]', /a case file is a JSON object, got \[1, 2, 3\]/],
    ['"krum"', /a case file is a JSON object, got "krum"/],
    ['{"hello": 1}', /not a byzsim fuzz case/],
  ] as const) {
    const file = write(content);
    await refuses(t, ['fuzz', 'replay', file], { says: [new RegExp(`^byzsim: ${esc(file)}: `), says] });
  }
  const missing = join(dir, 'nope.json');
  await refuses(t, ['fuzz', 'replay', missing], { says: [new RegExp(`${esc(missing)}: cannot read \\(ENOENT: no such file\\)`)] });
  const p = write(JSON.stringify(protocolDoc()).slice(0, 40));
  await refuses(t, ['fuzz', 'protocol', '--replay', p], { says: [new RegExp(`${esc(p)}: not valid JSON`)] });
});

test.serial('a case of the other kind says which command replays it', async (t) => {
  const p = write(protocolDoc());
  await refuses(t, ['fuzz', 'replay', p], { says: [new RegExp(`${esc(p)}: a fuzz protocol case — replay it with byzsim fuzz protocol --replay`)] });
  await refuses(t, ['fuzz', 'protocol', '--replay', garCase], { says: [new RegExp(`${esc(garCase)}: a fuzz gar case — replay it with byzsim fuzz replay`)] });
});

test.serial('partial and inconsistent gar cases: missing fields, ragged rows, bad indices, unknown rules, bad params, sizes', async (t) => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...garDoc(), vectors: undefined }, /vectors: missing — must be a list/],
    [{ ...garDoc(), version: 2 }, /version: 2 — must be 1/],
    [{ ...garDoc(), n: 'five' }, /n: "five" — must be a number/],
    [{ ...garDoc(), n: 1e9 }, /n: 1000000000 — must be ≤ 1000/],
    [{ ...garDoc(), f: 5 }, /f: 5 — must be < n = 5/],
    [{ ...garDoc(), vectors: [[1, 2], [3], [4, 5], [6, 7], [8, 9]] }, /vectors\[1\]: 1 values — every row must have d = 2/],
    [{ ...garDoc(), vectors: [[1], [2]] }, /vectors: 2 rows — must be n = 5/],
    [{ ...garDoc(), vectors: [[1], [2], [null], [4], [5]] }, /vectors\[2\]\[0\]: null — must be a number/],
    [{ ...garDoc(), honest: [0, 1, 9] }, /honest\[2\]: 9 — must be an index < n = 5/],
    [{ ...garDoc(), honest: [0, 0, 1] }, /honest: \[0, 0, 1\] — indices must be distinct/],
    [{ ...garDoc(), honest: [0, 1] }, /honest: 2 indices — must be n − f = 3/],
    [{ ...garDoc(), steps: [{ name: 'wizard' }] }, /steps\[0\]\.name: "wizard" — must be an aggregation rule/],
    [{ ...garDoc(), steps: [{ name: 'krum', params: { neighbours: 7 } }] }, /steps\[0\]\.params\.neighbours: 7 — krum needs one of n-f-2, n-f-1/],
    [{ ...garDoc(), extra: true }, /extra: unknown key/],
  ];
  for (const [doc, says] of cases) {
    const file = write(doc);
    await refuses(t, ['fuzz', 'replay', file], { says: [new RegExp(`^byzsim: ${esc(file)}: `), says] });
  }
});

test.serial('partial and out-of-range protocol cases', async (t) => {
  const d = protocolDoc();
  const cases: [unknown, RegExp][] = [
    [{ ...d, case: undefined }, /case: missing — must be a mapping/],
    [{ ...d, spec: { ...d.spec, n: 1e6 } }, /spec\.n: 1000000 — must be ≤ 200/],
    [{ ...d, spec: { ...d.spec, policy: 'eventually' } }, /spec\.policy: "eventually" — must be one of sync, async/],
    [{ ...d, spec: { ...d.spec, quorum: 9 } }, /spec\.quorum: 9 — must be ≤ n = 4/],
    [{ ...d, spec: { ...d.spec, f: 4 } }, /spec\.f: 4 — must be < n = 4/],
    [{ ...d, case: { ...d.case, delays: [] } }, /case\.delays: \[\] — must be a list of at least 1 item/],
    [{ ...d, case: { ...d.case, delays: [1e308] } }, /case\.delays\[0\]: 1e\+308 — must be ≤ 1e12/],
    [{ ...d, case: { ...d.case, crashes: [[7, 1]] } }, /case\.crashes\[0\]: worker 7 — must be an honest worker < n − f = 4/],
    [
      {
        ...d,
        case: {
          ...d.case,
          crashes: [
            [0, 1],
            [0, 2],
          ],
        },
      },
      /each worker crashes at most once/,
    ],
  ];
  for (const [doc, says] of cases) {
    const file = write(doc);
    await refuses(t, ['fuzz', 'protocol', '--replay', file], { says: [new RegExp(`^byzsim: ${esc(file)}: `), says] });
  }
});
