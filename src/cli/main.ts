/** The byzsim command line. Exit codes: 0 ok, 1 run failure, 2 bad input (one-line message). */
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands.ts';
import { UserError } from './errors.ts';

const program = new Command('byzsim')
  .description('discrete-event simulator for Byzantine-robust, privacy-preserving distributed ML')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });
for (const register of COMMANDS) register(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
  if (e instanceof UserError) {
    process.stderr.write(`byzsim: ${e.message}\n`);
    process.exit(2);
  }
  throw e;
}
