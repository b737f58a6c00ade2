/** `byzsim privacy …` through the real CLI entry point. */
import test from 'ava';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { privacySpent } from '../../src/privacy/rdp.ts';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;

/** Run `byzsim privacy …` asynchronously (so the tests overlap); resolves with status, stdout, stderr. */
async function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'privacy', ...args], { cwd: root, encoding: 'utf8' });
    return { status: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { status: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

test('privacy epsilon prints Opacus\'s ε for the MNIST example (≈ 2.597)', async (t) => {
  const r = await cli('epsilon', '--sigma', '1.1', '--q', '256/60000', '--steps', '14062', '--delta', '1e-5');
  t.is(r.status, 0, r.stderr);
  t.is(Number(r.stdout.trim()).toFixed(2), '2.60');
  t.regex(r.stderr, /at order α = /);
});

test('privacy epsilon --conversion tf-privacy --json gives the looser Mironov bound', async (t) => {
  const r = await cli('epsilon', '--sigma', '1.1', '--q', '0.004', '--steps', '1000', '--delta', '1e-5', '--conversion', 'tf-privacy', '--json');
  t.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { epsilon: number; conversion: string };
  t.is(out.conversion, 'tf-privacy');
  t.is(out.epsilon, privacySpent([{ q: 0.004, sigma: 1.1, steps: 1000 }], 1e-5, { conversion: 'tf-privacy' }).epsilon);
  t.true(out.epsilon > privacySpent([{ q: 0.004, sigma: 1.1, steps: 1000 }], 1e-5).epsilon);
});

test('privacy epsilon rejects bad input with a one-line message and exit code 2', async (t) => {
  const [r, missing] = await Promise.all([cli('epsilon', '--sigma', '1.1', '--q', '1.5', '--steps', '10', '--delta', '1e-5'), cli('epsilon', '--sigma', '1.1')]);
  t.is(r.status, 2);
  t.is(r.stderr.trim(), 'byzsim: privacy epsilon: q must be a sampling rate in [0, 1], got 1.5');
  t.is(missing.status, 2);
  t.regex(missing.stderr, /--q is required/);
});

test('privacy dlg prints MSE/PSNR and writes the SVG grid and a JSON summary', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'byzsim-dlg-'));
  const r = await cli('dlg', '--model', 'mlp', '--batch', '1', '--iterations', '30', '--seed', '1', '--out', out);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /^MSE \S+ {2}PSNR \S+ dB {2}labels 100%/);
  const svg = readFileSync(join(out, 'dlg.svg'), 'utf8');
  t.regex(svg, /^<svg/);
  t.regex(svg, /original/);
  t.regex(svg, /reconstructed/);
  const summary = JSON.parse(readFileSync(join(out, 'dlg.json'), 'utf8')) as { mse: number; psnr: number; labelMode: string };
  t.is(summary.labelMode, 'idlg');
  t.true(summary.mse < 0.02);
  t.true(existsSync(join(out, 'dlg.svg')));
});

test('privacy dlg rejects contradictory or bad flags with exit code 2', async (t) => {
  const [both, batch] = await Promise.all([cli('dlg', '--noise', '0.1', '--sparsify', '0.25'), cli('dlg', '--batch', '0')]);
  t.is(both.status, 2);
  t.is(both.stderr.trim(), 'byzsim: privacy dlg: give --noise or --sparsify, not both');
  t.is(batch.status, 2);
  t.regex(batch.stderr, /--batch must be an integer in \[1, 64\]/);
});
