/**
 * The byzsim subcommands: one row per command (name, one-line summary, an example per command
 * and subcommand, and the module that registers it). `main.ts` imports only the module of the
 * command being run, so `byzsim --help`, `--version` and refused input never load what other
 * commands need (TensorFlow.js, d3-node, fast-check). Add one row per command.
 */
import type { Command } from 'commander';

export interface CommandModule {
  register(program: Command): void;
}

export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  /** Example invocations, by subcommand path ('' for the command itself, 'gar' for `fuzz gar`). */
  readonly examples: Readonly<Record<string, readonly string[]>>;
  /** The module whose `register` defines this command (several rows may share one module). */
  readonly load: () => Promise<CommandModule>;
}

const run = () => import('./run.ts');
const privacy = () => import('./privacy.ts');

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'run',
    summary: 'run every configuration of a scenario file; write metrics, configs, traces and a report',
    examples: {
      '': [
        'byzsim run scenarios/quickstart.yaml --steps 50 --set workers.attack=foe --out reports/try',
        'byzsim run scenarios/seed000-small.yaml --seeds 1,2,3 --jobs 2 --resume',
      ],
    },
    load: run,
  },
  {
    name: 'report',
    summary: 'redraw the SVG/HTML report of a run directory from its metrics',
    examples: { '': ['byzsim report reports/quickstart --x step'] },
    load: run,
  },
  {
    name: 'aggregate',
    summary: 'aggregate the vectors of a JSON file with a rule or pipeline and print the result as JSON',
    examples: { '': ['echo \'{"vectors": [[1,2],[3,4],[50,60]]}\' | byzsim aggregate --rule "nnm → krum" --f 1 --input - --convention byzfl'] },
    load: () => import('./aggregate.ts'),
  },
  {
    name: 'fuzz',
    summary: 'property-based fuzzing of the aggregation rules against their theory, and of the protocol under adversarial schedules',
    examples: {
      '': ['byzsim fuzz gar --rule krum --n 11 --f 4 --runs 100', 'byzsim fuzz protocol --n 7 --f 2 --crashes 1 --runs 50'],
      gar: ['byzsim fuzz gar --rule krum --n 11 --f 4 --runs 100 --json'],
      replay: [
        'byzsim fuzz gar --rule krum --n 5 --f 2 --unsafe   # exit 1, writes reports/fuzz/krum-n5-f2-seed1.json',
        'byzsim fuzz replay reports/fuzz/krum-n5-f2-seed1.json',
      ],
      protocol: [
        'byzsim fuzz protocol --n 7 --f 2 --crashes 1 --runs 50',
        'byzsim fuzz protocol --n 7 --f 2 --policy sync --timeout 50 --loss 0.1 --runs 20 --json',
      ],
    },
    load: () => import('./fuzz.ts'),
  },
  {
    name: 'replay',
    summary: 're-run a case written by `fuzz gar` or `fuzz protocol` and report its violation again',
    examples: {
      '': [
        'byzsim replay reports/fuzz/counterexample.json   # exit 1: the same violation (after: byzsim fuzz protocol --n 4 --crashes 1 --expect-live --runs 5)',
        'byzsim replay reports/fuzz/krum-n5-f2-seed1.json --json   # exit 1 (after: byzsim fuzz gar --rule krum --n 5 --f 2 --unsafe)',
      ],
    },
    load: () => import('./replay.ts'),
  },
  {
    name: 'privacy',
    summary: 'privacy accounting and the gradient-inversion attack',
    examples: {
      '': ['byzsim privacy epsilon --sigma 1.1 --q 256/60000 --steps 14062 --delta 1e-5', 'byzsim privacy dlg --model mlp --batch 1 --iterations 100'],
      epsilon: ['byzsim privacy epsilon --sigma 1.1 --q 256/60000 --steps 14062 --delta 1e-5 --json'],
      dlg: ['byzsim privacy dlg --model mlp --batch 1 --noise 0.01 --iterations 100 --out reports/dlg'],
    },
    load: privacy,
  },
  {
    name: 'cost',
    summary:
      "seed 001's efficiency table measured on this machine (plaintext aggregation times, averaging under homomorphic encryption, robust rules estimated)",
    examples: { '': ['byzsim cost --n 9 --d 1250000 --repeats 5', 'byzsim cost --d 4096 --no-he --json'] },
    load: () => import('./cost.ts'),
  },
  {
    name: 'worker',
    summary: 'run configurations queued with `byzsim run --queue` (BullMQ on Redis), until interrupted',
    examples: {
      '': ['byzsim worker --queue redis://127.0.0.1:6379/0 --jobs 2   # then: byzsim run scenarios/quickstart.yaml --queue redis://127.0.0.1:6379/0'],
    },
    load: () => import('./worker.ts'),
  },
  {
    name: 'list',
    summary: 'list what scenarios can name (rules, pre-aggregators, attacks, schedules, privacy, delays, models)',
    examples: { '': ['byzsim list attacks --json'] },
    load: () => import('./list.ts'),
  },
];

/** The example block printed after a command's help. */
export function examplesText(lines: readonly string[]): string {
  return `\n${lines.length > 1 ? 'Examples' : 'Example'}:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}
