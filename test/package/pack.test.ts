/**
 * `npm pack` gives a package that works where it is installed: the tarball (what package.json's
 * `files` selects) is installed into an empty folder offline — from the npm cache, with a lock
 * made from this project's, so no registry is asked — then imported from plain Node (no tsx),
 * type-checked from a TypeScript file, and its `byzsim` command runs a scenario.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from '../e2e/cli.ts';

const exec = promisify(execFile);
const ROOT = resolve('.');
const npm = (cwd: string, ...args: string[]) => exec('npm', [...args, '--no-audit', '--no-fund', '--ignore-scripts'], { cwd, maxBuffer: 1 << 24 });

interface Manifest {
  name: string;
  version: string;
  files: string[];
  dependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  bin: Record<string, string>;
  engines?: Record<string, string>;
}
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;

function newestMs(dir: string): number {
  if (!existsSync(dir)) return 0;
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newestMs(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)),
  );
}

/** A copy of what `npm pack` would take from the checkout, with dist/ built from the current sources. */
async function stage(): Promise<string> {
  const dir = tempDir('byzsim-stage-');
  cpSync('package.json', join(dir, 'package.json'));
  for (const f of manifest.files) if (f !== 'dist' && existsSync(f)) cpSync(f, join(dir, f), { recursive: true });
  const stamp = 'dist/BUILT';
  const fresh = existsSync(stamp) && statSync(stamp).mtimeMs >= Math.max(newestMs('src'), newestMs('models'));
  if (fresh) cpSync('dist', join(dir, 'dist'), { recursive: true });
  // the checkout's dist/ is older than its sources (or absent): build the sources into the copy
  else await exec(process.execPath, ['scripts/build.mjs', join(dir, 'dist')]);
  return dir;
}

/** The consumer's lock: the tarball plus this project's non-dev packages, so `npm ci --offline` resolves nothing. */
function consumerLock(tarball: string): object {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', version: '1.0.0', dependencies: { byzsim: `file:${tarball}` } },
    'node_modules/byzsim': {
      version: manifest.version,
      resolved: `file:${tarball}`,
      dependencies: manifest.dependencies,
      optionalDependencies: manifest.optionalDependencies,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path !== '' && !entry.dev) packages[path] = entry;
  return { name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages };
}

const TINY = {
  name: 'tiny',
  steps: 2,
  data: { name: 'synthetic', train: 200, test: 50 },
  model: { name: 'logreg' },
  workers: { n: 5, f: 1, batch: 8, attack: 'sign-flip' },
  server: { gar: 'median' },
};

// tfjs counts the TensorFlow.js files in the main thread's require cache: none after importing byzsim, none after a run either (runs compute on job threads)
const PLAIN_NODE = `
import { createRequire } from 'node:module';
import { runScenario, GARS, ATTACKS, aggregate, planScenario } from 'byzsim';
const tfjs = () => Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('@tensorflow/')).length;
const atImport = tfjs();
const median = aggregate('median', [[1, 2], [3, 4], [50, 60]], { f: 1 });
const summaries = await runScenario(planScenario({ ...${JSON.stringify(TINY)}, threads: 1 }, 'inline'), { outDir: process.argv[2] });
console.log(JSON.stringify({ gars: GARS.size, attacks: ATTACKS.size, median: Array.from(median), steps: summaries[0].steps, atImport, afterRun: tfjs() }));
`;

const TYPED = `
import { aggregate, ATTACKS, GARS, planScenario, runScenario, type RunSummary, type Vector } from 'byzsim';

const rows = [Float32Array.of(1, 2), Float32Array.of(3, 4), Float32Array.of(50, 60)];
export const out: Float32Array | Float32Array[] = aggregate('median', rows, { f: 1 });
export const names: string[] = [...GARS.keys(), ...ATTACKS.keys()];
export const done: Promise<RunSummary[]> = runScenario(planScenario({ name: 'x' }, 'inline'), { outDir: 'out' });
export const v: Vector = Float64Array.of(1);
// @ts-expect-error: f is required
aggregate('median', rows, {});
// @ts-expect-error: a registry lookup may miss
GARS.get('krum').summary;
// @ts-expect-error: a summary has no such field
export const wrong: number = (await done)[0].accuracy;
`;

test('npm pack → offline install → plain Node import, TypeScript check, and the installed byzsim command', async (t) => {
  t.timeout(10 * 60_000); // the install copies ≈ 400 MB (TensorFlow.js) out of the npm cache
  const staged = await stage();
  const dest = tempDir('byzsim-tgz-');
  const packed = JSON.parse((await npm(staged, 'pack', '--json', '--pack-destination', dest)).stdout) as {
    filename: string;
    size: number;
    unpackedSize: number;
    files: { path: string }[];
  }[];
  const tarball = join(dest, packed[0].filename);
  const files = packed[0].files.map((f) => f.path);
  t.true(files.includes('dist/src/index.js') && files.includes('dist/src/index.d.ts') && files.includes('dist/BUILT') && files.includes('LICENSE'));
  t.false(
    files.some((f) => f.startsWith('src/') || f.startsWith('test/')),
    'no sources or tests in the package',
  );
  t.log(`tarball ${(packed[0].size / 1024).toFixed(0)} KiB, ${(packed[0].unpackedSize / 1024).toFixed(0)} KiB unpacked, ${files.length} files`);

  const app = tempDir('byzsim-consumer-');
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module', dependencies: { byzsim: `file:${tarball}` } }),
  );
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify(consumerLock(tarball)));
  await npm(app, 'ci', '--offline');
  t.false(existsSync(join(app, 'node_modules/tsx')), 'tsx is a development dependency only');

  writeFileSync(join(app, 'plain.mjs'), PLAIN_NODE);
  const outDir = join(app, 'out');
  const plain = JSON.parse((await exec(process.execPath, ['plain.mjs', outDir], { cwd: app })).stdout) as {
    gars: number;
    median: number[];
    steps: number;
    atImport: number;
    afterRun: number;
  };
  t.is(plain.atImport, 0, 'importing the package loads no TensorFlow.js');
  t.is(plain.afterRun, 0, 'the run computed on its job threads');
  t.is(plain.gars, 12);
  t.deepEqual(plain.median, [3, 4]);
  t.is(plain.steps, 2);
  t.true(existsSync(join(outDir, 'plan.json')));

  writeFileSync(join(app, 'typed.ts'), TYPED);
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules/@types')],
      },
      files: ['typed.ts'],
    }),
  );
  const tsc = await exec(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], { cwd: app }).then(
    () => '',
    (e: { stdout: string }) => e.stdout,
  );
  // tfjs 4.22's own declarations fail a strict library check (the reason this project sets skipLibCheck); ours must not
  const ours = tsc.split('\n').filter((l) => /^\S/.test(l) && !l.startsWith('node_modules/@tensorflow/'));
  t.deepEqual(ours, []);

  const bin = join(app, 'node_modules/.bin/byzsim');
  t.is((await exec(bin, ['--version'])).stdout, `${manifest.version}\n`);
  t.true(existsSync(join(app, 'node_modules/byzsim/scenarios/quickstart.yaml')), 'the shipped scenarios come with the package');
  writeFileSync(join(app, 'tiny.yaml'), JSON.stringify(TINY));
  const run = await exec(bin, ['run', 'tiny.yaml', '--threads', '2', '--out', join(app, 'tiny')], { cwd: app });
  t.regex(run.stdout, /^tiny +steps +2 .*\nreport: /);
  t.true(existsSync(join(app, 'tiny/index.html')));
});
