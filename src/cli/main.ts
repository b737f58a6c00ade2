/**
 * The byzsim command line. Exit codes: 0 ok, 1 run failure, 2 bad input (one-line message).
 * Only the module of the command being run is imported (commands.ts), so help, --version and
 * refused input stay cheap: TensorFlow.js loads only once a run has been validated.
 */
import { Command, CommanderError } from 'commander';
import { COMMANDS, examplesText, type CommandEntry } from './commands.ts';
import { UserError } from './errors.ts';
import { packageVersion } from './version.ts';

const program = new Command('byzsim')
  .description('discrete-event simulator for Byzantine-robust, privacy-preserving distributed ML')
  .version(packageVersion(), '-V, --version', 'print the version')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

try {
  await defineCommands(program, process.argv.slice(2));
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
  if (e instanceof UserError) {
    process.stderr.write(`byzsim: ${e.message}\n`);
    process.exit(2);
  }
  throw e;
}

/** Register the real command named by argv (or by `help <command>`); the others as summaries with their examples. */
async function defineCommands(root: Command, argv: readonly string[]): Promise<void> {
  const first = argv.find((a) => !a.startsWith('-'));
  const named = first === 'help' ? argv[argv.indexOf('help') + 1] : first;
  const entry = COMMANDS.find((c) => c.name === named);
  if (entry) {
    (await entry.load()).register(root);
    const registered = root.commands.filter((c) => COMMANDS.some((e) => e.name === c.name()));
    for (const cmd of registered) addExamples(cmd, COMMANDS.find((e) => e.name === cmd.name())!);
    return;
  }
  for (const c of COMMANDS) root.command(c.name).description(c.summary).allowUnknownOption().allowExcessArguments();
  root.addHelpText('after', examplesText(COMMANDS.map((c) => c.examples[''][0])) + '\nbyzsim <command> --help shows a command’s options.\n');
}

function addExamples(cmd: Command, entry: CommandEntry): void {
  const own = entry.examples[''];
  if (own) cmd.addHelpText('after', examplesText(own));
  for (const sub of cmd.commands) {
    const lines = entry.examples[sub.name()];
    if (lines) sub.addHelpText('after', examplesText(lines));
  }
}
