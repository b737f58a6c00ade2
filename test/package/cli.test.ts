/**
 * The command as a package user meets it: --version, --help with an example per command,
 * --json output, and what a call loads — help and refused input never load TensorFlow.js
 * (checked on the modules the process actually loaded, not on timings).
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { COMMANDS } from '../../src/cli/commands.ts';
import { GARS } from '../../src/gars/index.ts';
import { tempDir } from '../e2e/cli.ts';

const exec = promisify(execFile);
const HOOK = new URL('./loaded-modules.mjs', import.meta.url).href;
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

interface Call {
  code: number;
  stdout: string;
  stderr: string;
  /** Every module URL or file the process loaded. */
  loaded: string[];
}

/** `node [--import tsx] <entry> …args` with the module recorder preloaded. */
async function call(entry: 'bin' | 'sources', ...args: string[]): Promise<Call> {
  const out = join(tempDir('byzsim-loaded-'), 'loaded.txt');
  writeFileSync(out, '');
  const argv = entry === 'bin' ? ['--import', HOOK, 'bin/byzsim.js', ...args] : ['--import', HOOK, '--import', 'tsx', 'src/cli/main.ts', ...args];
  let r: { code: number; stdout: string; stderr: string };
  try {
    const ok = await exec(process.execPath, argv, { env: { ...process.env, BYZSIM_LOADED_FILE: out }, maxBuffer: 1 << 24 });
    r = { code: 0, stdout: ok.stdout, stderr: ok.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    r = { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
  return { ...r, loaded: readFileSync(out, 'utf8').split('\n').filter(Boolean) };
}

const tfjs = (c: Call) => c.loaded.filter((m) => m.includes('@tensorflow/'));

function refusedScenario(): string {
  const file = join(tempDir(), 'bad.yaml');
  writeFileSync(
    file,
    'name: bad\nsteps: 5\nmodel: { name: logreg }\ndata: { name: mnist, train: 100, test: 50 }\nworkers: { n: 3, f: 2, batch: 8 }\nserver: { gar: krum }\n',
  );
  return file;
}

for (const entry of ['bin', 'sources'] as const) {
  test(`${entry}: --help, --version and a refused scenario load no TensorFlow.js`, async (t) => {
    const calls = [
      await call(entry, '--help'),
      await call(entry, '--version'),
      await call(entry, 'run', refusedScenario()),
      await call(entry, 'run', '--help'),
    ];
    t.is(calls[0].code, 0, calls[0].stderr);
    t.is(calls[1].stdout, `${version}\n`);
    t.is(calls[2].code, 2);
    t.regex(calls[2].stderr, /^byzsim: .*bad\.yaml: .*krum: needs n ≥ 2f\+3/);
    t.is(calls[2].stderr.split('\n').length, 2, 'one line');
    for (const c of calls) {
      t.true(
        c.loaded.some((m) => m.includes('/commander/')),
        'the recorder saw the modules loaded',
      );
      t.deepEqual(tfjs(c), []);
    }
  });
}

// (A run computes on job threads, which the recorder does not see: `privacy dlg` computes here.)
test('the module recorder does see TensorFlow.js when a command computes gradients on its own thread (control)', async (t) => {
  const out = tempDir();
  const c = await call('bin', 'privacy', 'dlg', '--model', 'logreg', '--batch', '1', '--iterations', '1', '--out', out);
  t.is(c.code, 0, c.stderr);
  t.true(tfjs(c).length > 0);
});

test('byzsim --help lists every command with an example; each command’s --help has its examples', async (t) => {
  const top = await call('bin', '--help');
  for (const c of COMMANDS) {
    t.regex(top.stdout, new RegExp(`^  ${c.name} `, 'm'), c.name);
    t.true(top.stdout.includes(`$ ${c.examples[''][0]}`), `example of ${c.name}`);
  }
  for (const c of COMMANDS) {
    const own = await call('bin', c.name, '--help');
    t.is(own.code, 0, own.stderr);
    for (const ex of c.examples['']) t.true(own.stdout.includes(`$ ${ex}`), `${c.name} --help shows ${ex}`);
    for (const [sub, lines] of Object.entries(c.examples)) {
      if (sub === '') continue;
      const help = await call('bin', c.name, sub, '--help');
      for (const ex of lines) t.true(help.stdout.includes(`$ ${ex}`), `${c.name} ${sub} --help shows ${ex}`);
    }
  }
});

// examples cheap enough to run here, by command and subcommand; `run`, `report`, `privacy dlg` and the
// lossy sync `fuzz protocol` take minutes or need a run directory
const RUNNABLE: [string, string][] = [
  ['aggregate', ''],
  ['list', ''],
  ['fuzz', 'gar'],
  ['fuzz', 'replay'],
  ['fuzz', 'protocol'],
  ['privacy', 'epsilon'],
];

test('the help’s examples run as printed (exit 0, or 1 where the example says so)', async (t) => {
  const cwd = tempDir('byzsim-examples-');
  const bin = resolve('bin/byzsim.js');
  for (const [name, sub] of RUNNABLE) {
    const entry = COMMANDS.find((c) => c.name === name)!;
    for (const example of entry.examples[sub].filter((e) => !e.includes('--policy sync'))) {
      const expected = /# exit (\d)/.exec(example)?.[1] ?? '0';
      const script = `byzsim() { ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} "$@"; }\n${example}\necho "exit $?"`;
      const { stdout } = await exec('sh', ['-c', script], { cwd });
      t.is(stdout.trim().split('\n').at(-1), `exit ${expected}`, example);
    }
  }
});

test('the command table’s summaries are the commands’ own descriptions', async (t) => {
  for (const c of COMMANDS) {
    const program = new Command();
    (await c.load()).register(program);
    const cmd = program.commands.find((x) => x.name() === c.name);
    t.truthy(cmd, c.name);
    t.is(cmd!.description().split(':')[0].split(' (')[0], c.summary.split(' (')[0], c.name);
  }
});

test('--json: list, aggregate, fuzz gar and fuzz replay print one JSON document', async (t) => {
  const list = JSON.parse((await call('bin', 'list', '--json')).stdout) as Record<string, { name: string; summary: string; params: object }[]>;
  t.deepEqual(
    list.gars.map((g) => g.name),
    [...GARS.keys()],
  );
  t.true(list.attacks.some((a) => a.name === 'alie'));
  t.deepEqual(Object.keys(JSON.parse((await call('bin', 'list', 'delays', '--json')).stdout)), ['delays']);

  const input = join(tempDir(), 'v.json');
  writeFileSync(
    input,
    JSON.stringify({
      vectors: [
        [1, 2],
        [3, 4],
        [5, 6],
        [7, 8],
        [50, 60],
        ['inf', 0],
      ],
    }),
  );
  const agg = await call('bin', 'aggregate', '--rule', 'median', '--f', '1', '--input', input, '--json');
  t.is(agg.code, 0, agg.stderr);
  t.deepEqual(JSON.parse(agg.stdout), {
    rule: 'median',
    steps: [{ name: 'median', params: {} }],
    f: 1,
    convention: 'paper',
    n: 6,
    d: 2,
    dropped: [5],
    result: [5, 6],
  });

  const out = tempDir();
  const fuzz = await call('bin', 'fuzz', 'gar', '--rule', 'krum', '--n', '5', '--f', '2', '--unsafe', '--runs', '20', '--out', out, '--json');
  t.is(fuzz.code, 1, 'a violation exits 1');
  const report = JSON.parse(fuzz.stdout) as { unbounded: boolean; threshold: number; violation: { ratio: number; file: string } };
  t.true(report.unbounded);
  t.true(report.violation.ratio > report.threshold);
  const replay = JSON.parse((await call('bin', 'fuzz', 'replay', report.violation.file, '--json')).stdout) as { ratio: number; recorded: number };
  t.is(replay.ratio, replay.recorded);
});
