/** Re-record the golden metrics (see scenarios.ts): run each shortened scenario, keep its metrics.jsonl files. */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { byzsim, tempDir } from '../e2e/cli.ts';
import { GOLDEN, goldenArgs, goldenDir } from './scenarios.ts';

for (const g of GOLDEN) {
  const out = tempDir();
  const r = await byzsim(...goldenArgs(g, out));
  if (r.code !== 0) throw new Error(`${g.scenario}: exit ${r.code}\n${r.stderr}`);
  const dir = goldenDir(g.scenario);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const slug of readdirSync(out)) {
    const m = join(out, slug, 'metrics.jsonl');
    if (existsSync(m)) copyFileSync(m, join(dir, `${encodeURIComponent(slug)}.jsonl`));
  }
  console.log(`${g.scenario}: ${readdirSync(dir).length} configurations`);
}
