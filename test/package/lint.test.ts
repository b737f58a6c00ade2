/**
 * The lint rules the project relies on (biome.json, lint/no-wall-clock.grit) catch what they
 * are for: wall-clock time and unseeded randomness in simulation code (src/ outside src/cli/),
 * unless a line carries its `wall-clock-ok` suppression; unused imports and variables anywhere.
 * Run on fixture files with the project's own configuration.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from '../e2e/cli.ts';

const exec = promisify(execFile);
const BIOME = resolve('node_modules/.bin/biome');

const CLOCKS = `const a = Math.random();
const b = Date.now();
const c = new Date();
const d = new Date(0);
const e = performance.now();
setTimeout(() => 1, 10);
const clock = { setTimeout: (fn: () => void, ms: number) => (fn(), ms), clearTimeout: () => 0 };
clock.setTimeout(() => 1, 3);
const r = Math.random;
// biome-ignore lint/plugin/no-wall-clock: wall-clock-ok the log line's wall time
const t0 = Date.now();
const h = process.hrtime.bigint();
setInterval(() => 1, 5);
export { a, b, c, d, e, clock, r, t0, h };
`;
/** The lines of CLOCKS the rule must flag: not `new Date(0)`, not a clock object's own setTimeout, not the suppressed line. */
const FLAGGED = [1, 2, 3, 5, 6, 9, 12, 13];

interface Diagnostic {
  category: string;
  location: { path: string; start: { line: number } };
}

test('no-wall-clock flags wall-clock and Math.random uses in src/ outside src/cli/; unused imports and variables are errors', async (t) => {
  const dir = tempDir('byzsim-lint-');
  const config = JSON.parse(readFileSync('biome.json', 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'biome.json'), JSON.stringify({ ...config, $schema: undefined, vcs: { enabled: false } }));
  cpSync('lint', join(dir, 'lint'), { recursive: true });
  for (const sub of ['src/sim', 'src/cli', 'bench']) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'src/sim/clock.ts'), CLOCKS);
  writeFileSync(join(dir, 'src/cli/clock.ts'), CLOCKS.replace(/^\/\/ biome-ignore.*\n/m, ''));
  writeFileSync(join(dir, 'bench/clock.ts'), CLOCKS.replace(/^\/\/ biome-ignore.*\n/m, ''));
  writeFileSync(join(dir, 'src/sim/unused.ts'), "import { x } from './y.ts';\nconst unused = 1;\nexport const z = 2;\n");
  const out = await exec(BIOME, ['lint', '--reporter=json'], { cwd: dir }).then(
    (r) => r.stdout,
    (e: { stdout: string }) => e.stdout,
  );
  const diagnostics = (JSON.parse(out) as { diagnostics: Diagnostic[] }).diagnostics;
  const at = (category: string, path: string) =>
    diagnostics.filter((d) => d.category === category && d.location.path === path).map((d) => d.location.start.line);
  t.deepEqual(at('plugin', 'src/sim/clock.ts'), FLAGGED);
  t.deepEqual(at('plugin', 'src/cli/clock.ts'), []);
  t.deepEqual(at('plugin', 'bench/clock.ts'), []);
  t.deepEqual(at('lint/correctness/noUnusedImports', 'src/sim/unused.ts'), [1]);
  t.deepEqual(at('lint/correctness/noUnusedVariables', 'src/sim/unused.ts'), [2]);
});
