import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFuzzGar } from '../../src/cli/fuzz.ts';
import { UserError } from '../../src/cli/errors.ts';

const base = { n: '5', f: '2', runs: '40', seed: '1', param: [] as string[], convention: 'paper' };

test('fuzz gar --unsafe on Krum at n = 2f+1 prints UNBOUNDED, the counterexample, and writes a replay file', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'byzsim-fuzz-cli-'));
  const r = runFuzzGar({ ...base, rule: 'krum', unsafe: true, out });
  t.regex(r.text, /UNSAFE \(krum: needs n ≥ 2f\+3, got n=5, f=2\)/);
  t.regex(r.text, /UNBOUNDED/);
  t.regex(r.text, /VIOLATION/);
  t.true(existsSync(r.file!));
});

test('fuzz gar on a correct rule prints a bounded worst ratio next to the bound, no violation', (t) => {
  const r = runFuzzGar({ ...base, rule: 'trimmed-mean', n: '7', out: mkdtempSync(join(tmpdir(), 'byzsim-fuzz-cli-')) });
  t.regex(r.text, /worst ratio .*: [0-9.]+/);
  t.regex(r.text, /theoretical κ bound +: 6\.667 +\(recalled, unverified: .*\[U\]/);
  t.regex(r.text, /bounded along the scan/);
  t.is(r.violation, undefined);
});

test('fuzz gar without --unsafe on a violated requirement is a UserError', (t) => {
  t.throws(() => runFuzzGar({ ...base, rule: 'krum', out: 'unused' }), { instanceOf: UserError, message: /pass --unsafe/ });
});

test('byzsim fuzz gar and fuzz replay through the real CLI (exit 1 on a violation)', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'byzsim-fuzz-cli-'));
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
  const r = cli('fuzz', 'gar', '--rule', 'median', '--n', '4', '--f', '2', '--unsafe', '--runs', '20', '--out', out);
  t.is(r.status, 1, r.stderr);
  const file = /replay: byzsim replay (\S+)/.exec(r.stdout)?.[1];
  t.truthy(file);
  const replay = cli('replay', file!);
  t.is(replay.status, 1, `the same violation exits 1 ${replay.stderr}`);
  t.regex(replay.stdout, /^replay gar median n=4 f=2: ratio .*\n {2}VIOLATION: /);
  const ratio = cli('fuzz', 'replay', file!);
  t.is(ratio.status, 0, ratio.stderr);
  t.regex(ratio.stdout, /^median n=4 f=2: ratio /);
});
