import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { byzsim, tempDir } from '../e2e/cli.ts';
import { GOLDEN, goldenArgs, goldenDir } from './scenarios.ts';

for (const g of GOLDEN) {
  test(`${g.scenario} (${g.steps} steps) reproduces its recorded metrics byte for byte`, async (t) => {
    const out = tempDir();
    const r = await byzsim(...goldenArgs(g, out));
    t.is(r.code, 0, r.stderr);
    const files = readdirSync(goldenDir(g.scenario));
    t.true(files.length > 0);
    for (const file of files) {
      const slug = decodeURIComponent(file.replace(/\.jsonl$/, ''));
      t.is(readFileSync(join(out, slug, 'metrics.jsonl'), 'utf8'), readFileSync(join(goldenDir(g.scenario), file), 'utf8'), `${g.scenario}/${slug}`);
    }
  });
}
