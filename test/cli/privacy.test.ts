/** `byzsim privacy …` through the real CLI entry point. */
import test from 'ava';
import { spawnSync } from 'node:child_process';

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'privacy', ...args], { encoding: 'utf8', cwd: new URL('../..', import.meta.url).pathname });

test('privacy epsilon prints Opacus\'s ε for the MNIST example (≈ 2.597)', (t) => {
  const r = cli('epsilon', '--sigma', '1.1', '--q', '256/60000', '--steps', '14062', '--delta', '1e-5');
  t.is(r.status, 0, r.stderr);
  t.is(Number(r.stdout.trim()).toFixed(2), '2.60');
  t.regex(r.stderr, /at order α = /);
});

test('privacy epsilon --conversion tf-privacy gives the looser Mironov bound', (t) => {
  const balle = Number(cli('epsilon', '--sigma', '1.1', '--q', '0.004', '--steps', '1000', '--delta', '1e-5').stdout);
  const r = cli('epsilon', '--sigma', '1.1', '--q', '0.004', '--steps', '1000', '--delta', '1e-5', '--conversion', 'tf-privacy', '--json');
  t.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { epsilon: number; conversion: string };
  t.is(out.conversion, 'tf-privacy');
  t.true(out.epsilon > balle);
});

test('privacy epsilon rejects bad input with a one-line message and exit code 2', (t) => {
  const r = cli('epsilon', '--sigma', '1.1', '--q', '1.5', '--steps', '10', '--delta', '1e-5');
  t.is(r.status, 2);
  t.is(r.stderr.trim(), 'byzsim: privacy epsilon: q must be a sampling rate in [0, 1], got 1.5');
  const missing = cli('epsilon', '--sigma', '1.1');
  t.is(missing.status, 2);
  t.regex(missing.stderr, /--q is required/);
  const conv = cli('epsilon', '--sigma', '1', '--q', '0.1', '--steps', '1', '--delta', '1e-5', '--conversion', 'x');
  t.is(conv.status, 2);
});
