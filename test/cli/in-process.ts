/**
 * The byzsim command line run inside the test process, the way src/cli/main.ts runs it (same
 * commands, same error handling: a UserError is one `byzsim: …` line and exit 2, a commander
 * error exit 2, anything else a failure with its stack), so that many refusals can be tested
 * without paying a process start (and a TensorFlow.js load) each. Tests using it must be
 * `test.serial`: it captures process.stdout/stderr.
 */
import { Command, CommanderError } from 'commander';
import { COMMANDS } from '../../src/cli/commands.ts';
import { UserError } from '../../src/cli/errors.ts';
import type { CliResult } from '../e2e/cli.ts';

export async function cliInProcess(...args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const program = new Command('byzsim').exitOverride().configureOutput({ writeErr: (s) => (stderr += s), writeOut: (s) => (stdout += s) });
  const modules = new Set(await Promise.all(COMMANDS.map((c) => c.load())));
  for (const m of modules) m.register(program);
  const [out, err] = [process.stdout.write, process.stderr.write];
  process.stdout.write = ((s: string) => ((stdout += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof process.stderr.write;
  const before = process.exitCode;
  let code = 0;
  try {
    await program.parseAsync(['node', 'byzsim', ...args]);
    code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) code = e.exitCode === 0 ? 0 : 2;
    else if (e instanceof UserError) {
      stderr += `byzsim: ${e.message}\n`;
      code = 2;
    } else {
      stderr += `${(e as Error).stack ?? String(e)}\n`;
      code = 1;
    }
  } finally {
    [process.stdout.write, process.stderr.write] = [out, err];
    process.exitCode = before;
  }
  return { code, stdout, stderr };
}
