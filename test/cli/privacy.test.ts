/**
 * `byzsim privacy …`: two runs through the real entry point (exit codes, one-line errors), the
 * rest in-process through the same commander registration (fast: no node + tsx start-up each).
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { register } from '../../src/cli/privacy.ts';
import { UserError } from '../../src/cli/errors.ts';
import { privacySpent } from '../../src/privacy/rdp.ts';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;

/** Run `byzsim privacy …` as a child process; resolves with status, stdout, stderr. */
async function spawnCli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'privacy', ...args], { cwd: root, encoding: 'utf8' });
    return { status: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { status: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Run `privacy …` in-process, capturing what it prints (serial tests only: it swaps process.stdout/stderr.write). */
async function inProcess(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  const program = new Command('byzsim').exitOverride();
  register(program);
  let stdout = '';
  let stderr = '';
  const [out, err] = [process.stdout.write, process.stderr.write];
  process.stdout.write = ((s: string) => ((stdout += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof process.stderr.write;
  try {
    await program.parseAsync(['node', 'byzsim', 'privacy', ...args]);
  } finally {
    [process.stdout.write, process.stderr.write] = [out, err];
  }
  return { stdout, stderr };
}

test("privacy epsilon prints Opacus's ε for the MNIST example (≈ 2.597)", async (t) => {
  const r = await spawnCli('epsilon', '--sigma', '1.1', '--q', '256/60000', '--steps', '14062', '--delta', '1e-5');
  t.is(r.status, 0, r.stderr);
  t.is(Number(r.stdout.trim()).toFixed(2), '2.60');
  t.regex(r.stderr, /at order α = /);
});

test('privacy epsilon rejects bad input with a one-line message and exit code 2', async (t) => {
  const r = await spawnCli('epsilon', '--sigma', '1.1', '--q', '1.5', '--steps', '10', '--delta', '1e-5');
  t.is(r.status, 2);
  t.is(r.stderr.trim(), 'byzsim: privacy epsilon: q must be a sampling rate in [0, 1], got 1.5');
});

test.serial('privacy epsilon --conversion tf-privacy --json gives the looser Mironov bound', async (t) => {
  const r = await inProcess('epsilon', '--sigma', '1.1', '--q', '0.004', '--steps', '1000', '--delta', '1e-5', '--conversion', 'tf-privacy', '--json');
  const out = JSON.parse(r.stdout) as { epsilon: number; conversion: string };
  t.is(out.conversion, 'tf-privacy');
  t.is(out.epsilon, privacySpent([{ q: 0.004, sigma: 1.1, steps: 1000 }], 1e-5, { conversion: 'tf-privacy' }).epsilon);
  t.true(out.epsilon > privacySpent([{ q: 0.004, sigma: 1.1, steps: 1000 }], 1e-5).epsilon);
});

test.serial('privacy epsilon: missing and malformed flags are user errors', async (t) => {
  await t.throwsAsync(inProcess('epsilon', '--sigma', '1.1'), { instanceOf: UserError, message: 'privacy: --q is required' });
  await t.throwsAsync(inProcess('epsilon', '--sigma', 'x', '--q', '0.1', '--steps', '1', '--delta', '1e-5'), {
    instanceOf: UserError,
    message: /--sigma must be a number/,
  });
  await t.throwsAsync(inProcess('epsilon', '--sigma', '1', '--q', '0.1', '--steps', '1', '--delta', '1e-5', '--conversion', 'x'), {
    instanceOf: UserError,
    message: /--conversion must be balle or tf-privacy/,
  });
});

test.serial('privacy dlg prints MSE/PSNR and writes the SVG grid and a JSON summary', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'byzsim-dlg-'));
  const r = await inProcess('dlg', '--model', 'mlp', '--batch', '1', '--iterations', '30', '--seed', '1', '--out', out);
  t.regex(r.stdout, /^MSE \S+ {2}PSNR \S+ dB {2}labels 100%/);
  const svg = readFileSync(join(out, 'dlg.svg'), 'utf8');
  t.regex(svg, /^<svg/);
  t.regex(svg, /original/);
  t.regex(svg, /reconstructed/);
  const summary = JSON.parse(readFileSync(join(out, 'dlg.json'), 'utf8')) as { mse: number; psnr: number; labelMode: string };
  t.is(summary.labelMode, 'idlg');
  t.true(summary.mse < 0.02);
});

test.serial('privacy dlg rejects contradictory or bad flags', async (t) => {
  await t.throwsAsync(inProcess('dlg', '--noise', '0.1', '--sparsify', '0.25'), {
    instanceOf: UserError,
    message: 'privacy dlg: give --noise or --sparsify, not both',
  });
  await t.throwsAsync(inProcess('dlg', '--batch', '0'), { instanceOf: UserError, message: /--batch must be an integer in \[1, 64\]/ });
  await t.throwsAsync(inProcess('dlg', '--model', 'cnn'), { instanceOf: UserError, message: /no second-order gradient through conv2d/ });
  await t.throwsAsync(inProcess('dlg', '--sparsify', '1.5'), { instanceOf: UserError, message: /--sparsify must be a fraction/ });
  await t.throwsAsync(inProcess('dlg', '--batch', '2', '--labels', 'idlg'), { instanceOf: UserError, message: /--labels idlg needs --batch 1/ });
});
