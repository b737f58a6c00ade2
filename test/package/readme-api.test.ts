/** The README's library example runs as written (against src/index.ts, the package's entry point). */
import test from 'ava';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from '../e2e/cli.ts';

const exec = promisify(execFile);

test('the README’s "As a library" example runs and prints what its comments say', async (t) => {
  const readme = readFileSync('README.md', 'utf8');
  const block = readme.split('## As a library')[1]?.split('```js\n')[1]?.split('```')[0];
  t.truthy(block, 'README has a js example under "As a library"');
  const entry = resolve('src/index.ts');
  t.true(block!.includes("from 'byzsim'") && block!.includes("'reports/api'"));
  const dir = tempDir('byzsim-readme-api-');
  // print each aggregate the example computes, so its comments are checked
  const script = block!
    .replace("from 'byzsim'", `from ${JSON.stringify(entry)}`)
    .replace("'reports/api'", JSON.stringify(join(dir, 'out')))
    .replace(/^(aggregate\(.*\));(.*)$/gm, 'console.log(JSON.stringify(Array.from($1)));$2')
    .replace(/^summary\.finalAccuracy;$/m, 'console.log(JSON.stringify({ accuracy: summary.finalAccuracy, steps: summary.steps }));');
  writeFileSync(join(dir, 'example.mts'), script);
  const { stdout } = await exec(process.execPath, ['--import', 'tsx', join(dir, 'example.mts')]);
  const lines = stdout.trim().split('\n');
  t.is(lines[0], '[2,4]');
  t.is(lines[1], '[2,3]');
  const last = JSON.parse(lines[lines.length - 1]) as { accuracy: number; steps: number };
  t.is(last.steps, 20);
  t.true(last.accuracy > 0.5, `accuracy ${last.accuracy}`);
});
