/**
 * Asserting that the byzsim CLI refuses an input the way the project promises: exit code 2,
 * nothing on stdout, stderr exactly one `byzsim: …` line of bounded length without a stack
 * trace, naming what the test expects (the field or flag, the rule), and nothing written.
 */
import type { ExecutionContext } from 'ava';
import { existsSync } from 'node:fs';
import { byzsim, type CliResult } from '../e2e/cli.ts';
import { cliInProcess } from './in-process.ts';

export interface Refusal {
  /** Patterns the one line must match (field, value, rule). */
  readonly says: readonly RegExp[];
  /** Paths that must not exist afterwards (nothing written). */
  readonly notWritten?: readonly string[];
}

export function assertRefused(t: ExecutionContext, r: CliResult, args: readonly string[], want: Refusal): void {
  const what = `byzsim ${args.join(' ').slice(0, 200)}`;
  t.is(r.code, 2, `${what}: exit code (stderr: ${r.stderr.slice(0, 300)})`);
  t.is(r.stdout, '', `${what}: nothing on stdout`);
  const lines = r.stderr.replace(/\n$/, '').split('\n');
  t.is(lines.length, 1, `${what}: one line on stderr, got ${lines.length}: ${r.stderr.slice(0, 300)}`);
  t.regex(lines[0], /^byzsim: \S/, what);
  t.notRegex(r.stderr, /^\s+at |Error: |node:internal/m, `${what}: no stack trace`);
  t.true(lines[0].length <= 1100, `${what}: a short line (${lines[0].length} characters)`);
  for (const p of want.says) t.regex(lines[0], p, what);
  for (const p of want.notWritten ?? []) t.false(existsSync(p), `${what}: ${p} was written`);
}

/** Run the real CLI (a process) with `args` and assert it refuses them as `want` says. */
export async function refuses(t: ExecutionContext, args: readonly string[], want: Refusal): Promise<void> {
  assertRefused(t, await byzsim(...args), args, want);
}

/** The same through the in-process command line (tests using it must be serial). */
export async function refusesInProcess(t: ExecutionContext, args: readonly string[], want: Refusal): Promise<void> {
  assertRefused(t, await cliInProcess(...args), args, want);
}
