/**
 * Start-up cost of the byzsim command: CPU time (user + system, all threads, measured inside
 * the child by bench/_cpu-at-exit.mjs) of calls that must not load TensorFlow.js — `--help`,
 * `--version`, a scenario refused by validation, `list` — through `bin/byzsim.js` (the compiled
 * dist/ when it is up to date, as after `npm ci`) and through tsx on the sources, each repeated
 * `--reps` times (default 5; the median is reported), against a bare `node -e ''` in the same
 * run (ratio).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emit } from './_report.ts';

const repsAt = process.argv.indexOf('--reps');
const REPS = repsAt > 0 ? Number(process.argv[repsAt + 1]) : 5;
const root = new URL('../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'byzsim-startup-'));
const bad = join(dir, 'bad.yaml');
writeFileSync(bad, 'name: bad\nworkers: { n: 3, f: 5 }\n');
const hook = new URL('./_cpu-at-exit.mjs', import.meta.url).href;
let calls = 0;

/** Median CPU ms of `node --import hook <args>` over REPS runs. */
function cpuMs(args: string[]): number {
  const file = join(dir, `cpu-${calls++}.txt`);
  for (let i = 0; i < REPS; i++)
    spawnSync(process.execPath, ['--import', hook, ...args], { cwd: root, env: { ...process.env, BYZSIM_CPU_FILE: file }, stdio: 'ignore' });
  const xs = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map(Number)
    .sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)];
}

function newestMs(d: string): number {
  if (!existsSync(d)) return 0;
  return Math.max(0, ...readdirSync(d, { withFileTypes: true }).map((e) => (e.isDirectory() ? newestMs(join(d, e.name)) : statSync(join(d, e.name)).mtimeMs)));
}
const stamp = join(root, 'dist/BUILT');
if (!existsSync(stamp) || statSync(stamp).mtimeMs < Math.max(newestMs(join(root, 'src')), newestMs(join(root, 'models'))))
  process.stderr.write(
    'note: dist/ is missing or older than the sources, so bin/byzsim.js runs them through tsx; `npm run build` first to measure the package\n',
  );

const calls_: [string, string[]][] = [
  ['--help', ['--help']],
  ['--version', ['--version']],
  ['run <refused scenario>', ['run', bad]],
  ['list', ['list']],
];
const baseline = cpuMs(['-e', '']);
emit({ name: "node -e '' (bare start-up)", value: baseline, unit: 'ms CPU' });
for (const [name, args] of calls_) {
  for (const [entry, pre] of [
    ['bin/byzsim.js', ['bin/byzsim.js']],
    ['tsx src/cli/main.ts', ['--import', 'tsx', 'src/cli/main.ts']],
  ] as const) {
    const value = cpuMs([...pre, ...args]);
    emit({ name: `${entry} ${name}`, value, unit: 'ms CPU', baseline, ratio: value / baseline });
  }
}
