/**
 * Issue 11, class "the command line": every command's flags are checked before anything runs —
 * `--set` values that are not YAML, prototype paths, `--out` naming a file, numeric flags that
 * are not numbers (or out of range) — each refused with exit 2 and one line naming the flag,
 * the value and the rule, and nothing written. Run in-process (test/cli/in-process.ts, the same
 * commands and error handling as the binary); input-e2e.test.ts runs a sample as real processes.
 */
import test from 'ava';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../e2e/cli.ts';
import { refusesInProcess as refuses } from './refuses.ts';

const small = 'test/fixtures/small.yaml';

test.serial('run --set: a value that is not YAML names the path and the parser’s rule', async (t) => {
  const out = join(tempDir(), 'out');
  await refuses(t, ['run', small, '--out', out, '--set', 'workers.batch=[1'], {
    says: [/--set workers\.batch: "\[1" is not a YAML value \(Flow sequence must end with a \]/],
    notWritten: [out],
  });
  await refuses(t, ['run', small, '--out', out, '--set', 'workers.attack={name: foe'], {
    says: [/--set workers\.attack: .* is not a YAML value/],
    notWritten: [out],
  });
});

test.serial('run --set: __proto__, constructor and prototype paths are refused (no prototype pollution)', async (t) => {
  const out = join(tempDir(), 'out');
  for (const path of ['__proto__.x', 'constructor.prototype.x', 'workers.__proto__.polluted', 'server.prototype'])
    await refuses(t, ['run', small, '--out', out, '--set', `${path}=1`], {
      says: [new RegExp(`--set: "${path.replace(/\./g, '\\.')}" — a path may not name (__proto__|constructor|prototype)`)],
      notWritten: [out],
    });
  await refuses(t, ['run', small, '--set', 'workers..batch=1'], { says: [/every dotted key must be non-empty/] });
  await refuses(t, ['run', small, '--set', 'batch'], { says: [/--set: "batch" — expected path=value/] });
});

test.serial('run --set: a well-formed value of the wrong type is a schema error naming the field', async (t) => {
  await refuses(t, ['run', small, '--set', 'workers.batch=banana'], { says: [/workers\.batch: "banana" — must be a number/] });
  await refuses(t, ['run', small, '--set', 'workers.batch=.nan'], { says: [/workers\.batch: NaN — must be a finite number/] });
  await refuses(t, ['run', small, '--set', 'server.lr=.inf'], { says: [/server\.lr: Infinity — must be a finite number/] });
});

test.serial('run --out naming an existing file, or a path through a file, is refused before anything runs', async (t) => {
  const dir = tempDir();
  const file = join(dir, 'results.txt');
  writeFileSync(file, 'keep me');
  await refuses(t, ['run', small, '--out', file], { says: [/--out: ".*results\.txt" is an existing file — expected a directory/] });
  await refuses(t, ['run', small, '--out', join(file, 'sub')], { says: [/--out: ".*results\.txt" \(on the way to .*\) is a file/] });
});

test.serial('run: numeric flags that are not numbers or out of range', async (t) => {
  await refuses(t, ['run', small, '--seed', 'abc'], { says: [/--seed: "abc" — must be an integer ≥ 0/] });
  await refuses(t, ['run', small, '--seed', ' '], { says: [/--seed: " " — must be an integer ≥ 0/] });
  await refuses(t, ['run', small, '--steps', '0'], { says: [/--steps: 0 — must be an integer ≥ 1/] });
  await refuses(t, ['run', small, '--steps', '1e400'], { says: [/--steps: "1e400" — must be an integer ≥ 1/] });
  await refuses(t, ['run', small, '--threads', 'many'], { says: [/--threads: "many" — must be an integer ≥ 1/] });
  await refuses(t, ['run', small, '--backend', 'gpu'], { says: [/backend: "gpu" — must be one of auto, tensorflow, wasm, cpu/] });
});

test.serial('fuzz gar: --kappa abc is refused instead of reporting a fake violation; every numeric flag is checked', async (t) => {
  const out = join(tempDir(), 'fuzz');
  const gar = ['fuzz', 'gar', '--rule', 'median', '--n', '7', '--f', '2', '--out', out];
  await refuses(t, [...gar, '--kappa', 'abc'], { says: [/--kappa: "abc" — must be a finite number > 0/], notWritten: [out] });
  await refuses(t, [...gar, '--kappa', '-1'], { says: [/--kappa: -1 — must be a finite number > 0/], notWritten: [out] });
  await refuses(t, [...gar, '--runs', '1.5'], { says: [/--runs: 1\.5 — must be an integer in \[1, 1000000\]/], notWritten: [out] });
  await refuses(t, [...gar, '--d', '0'], { says: [/--d: 0 — must be an integer in \[1, 100000\]/], notWritten: [out] });
  await refuses(t, [...gar, '--seed', '0x10'], { says: [/--seed: "0x10" — must be an integer ≥ 0/], notWritten: [out] });
  await refuses(t, ['fuzz', 'gar', '--rule', 'median', '--n', '10000000000', '--f', '1'], { says: [/--n: 10000000000 — must be an integer in \[1, 1000\]/] });
  await refuses(t, [...gar, '--param', 's=x'], { says: [/unknown parameter s for median \(known: median: \(none\)\)/] });
  const file = join(tempDir(), 'f');
  writeFileSync(file, '');
  await refuses(t, ['fuzz', 'gar', '--rule', 'median', '--n', '7', '--f', '2', '--out', file], { says: [/--out: .* is an existing file/] });
});

test.serial('fuzz protocol: numeric flags, ranges and --out', async (t) => {
  await refuses(t, ['fuzz', 'protocol', '--n', 'abc'], { says: [/--n: "abc" — must be an integer in \[1, 200\]/] });
  await refuses(t, ['fuzz', 'protocol', '--loss', '2'], { says: [/--loss: 2 — must be a finite number in \[0, 1\]/] });
  await refuses(t, ['fuzz', 'protocol', '--timeout', '1e308'], { says: [/--timeout: 1e308 — must be a finite number in \[0, 1000000000000\]/] });
  await refuses(t, ['fuzz', 'protocol', '--runs', ''], { says: [/--runs: "" — must be an integer/] });
  const file = join(tempDir(), 'f');
  writeFileSync(file, '');
  await refuses(t, ['fuzz', 'protocol', '--out', file], { says: [/--out: .* is an existing file/] });
});

test.serial('aggregate: --f, --input and --param are checked against the rule’s schema', async (t) => {
  const dir = tempDir();
  const input = join(dir, 'v.json');
  writeFileSync(input, JSON.stringify({ vectors: [[1], [2], [3], [4], [5]] }));
  await refuses(t, ['aggregate', '--rule', 'median', '--f', 'one', '--input', input], { says: [/--f must be an integer ≥ 0, got "one"/] });
  await refuses(t, ['aggregate', '--rule', 'median', '--input', join(dir, 'missing.json')], {
    says: [/--input .*missing\.json: cannot read \(ENOENT: no such file\)/],
  });
  await refuses(t, ['aggregate', '--rule', 'median', '--input', dir], { says: [/--input .*: is a directory — expected a JSON file of vectors/] });
  await refuses(t, ['aggregate', '--rule', 'krum', '--param', 'neighbours=3', '--input', input], {
    says: [/--param krum\.neighbours: 3 — krum needs one of n-f-2, n-f-1/],
  });
  await refuses(t, ['aggregate', '--rule', 'centered-clip', '--param', 'start=banana', '--input', input], {
    says: [/--param centered-clip\.start: "banana" — centered-clip needs previous, zero, median or a JSON vector/],
  });
  writeFileSync(input, JSON.stringify({ vectors: [[1], ['x']] }));
  await refuses(t, ['aggregate', '--rule', 'median', '--input', input], { says: [/vectors\[1\]\[0\]: "x" — must be a number/] });
});

test.serial('privacy and list: numbers that are not numbers, unknown kinds including prototype names', async (t) => {
  await refuses(t, ['privacy', 'epsilon', '--sigma', '', '--q', '0.01', '--steps', '10', '--delta', '1e-5'], { says: [/--sigma must be a number, got ""/] });
  await refuses(t, ['privacy', 'epsilon', '--sigma', '1', '--q', '1/0', '--steps', '10', '--delta', '1e-5'], { says: [/--q must be a number, got "1\/0"/] });
  await refuses(t, ['privacy', 'dlg', '--seed', ' '], { says: [/--seed must be an integer in \[0, 2147483648\], got " "/] });
  const file = join(tempDir(), 'f');
  writeFileSync(file, '');
  await refuses(t, ['privacy', 'dlg', '--out', file], { says: [/--out: .* is an existing file/] });
  for (const kind of ['__proto__', 'constructor', 'toString']) await refuses(t, ['list', kind], { says: [new RegExp(`list: unknown kind "${kind}"`)] });
});

test.serial('a scenario argument that is a directory, missing, empty or binary', async (t) => {
  const dir = tempDir();
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'empty.yaml'), '');
  writeFileSync(join(dir, 'bin.yaml'), Buffer.from([0x6e, 0x61, 0, 1, 2, 3]));
  await refuses(t, ['run', join(dir, 'sub')], { says: [/sub: is a directory — expected a scenario YAML file/] });
  await refuses(t, ['run', join(dir, 'nope.yaml')], { says: [/nope\.yaml: cannot read \(ENOENT: no such file\)/] });
  await refuses(t, ['run', join(dir, 'empty.yaml')], { says: [/empty\.yaml: empty — expected a scenario YAML file/] });
  await refuses(t, ['run', join(dir, 'bin.yaml')], { says: [/bin\.yaml: byte 2 is NUL/] });
});
