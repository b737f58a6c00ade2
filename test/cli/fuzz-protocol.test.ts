import test from 'ava';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { byzsim, tempDir } from '../e2e/cli.ts';

test('byzsim fuzz protocol: holds on a scenario; a demanded liveness fails with a replayable case; bad flags exit 2', async (t) => {
  const held = await byzsim('fuzz', 'protocol', '--scenario', 'test/fixtures/small.yaml', '--runs', '30');
  t.is(held.code, 0, held.stderr);
  t.regex(held.stdout, /async n=7 f=1 q=6 timeout=30 loss=0\.05 dup=0\.05/);
  t.regex(held.stdout, /held: quorum, fresh, distinct, filtered, liveness in 30 cases/);
  const out = tempDir();
  const bad = await byzsim('fuzz', 'protocol', '--policy', 'sync', '--n', '4', '--crashes', '1', '--expect-live', '--out', out);
  t.is(bad.code, 1);
  t.regex(bad.stdout, /VIOLATION of liveness: stalled after 0 of 8 steps/);
  const file = join(out, 'protocol-sync-n4-f0-q4-seed1.json');
  t.true(existsSync(file));
  const again = await byzsim('fuzz', 'protocol', '--replay', file);
  t.is(again.code, 1);
  t.regex(again.stdout, /VIOLATION of liveness/);
  const other = await byzsim('fuzz', 'protocol', '--scenario', 'scenarios/guanyu.yaml');
  t.is(other.code, 2);
  t.regex(other.stderr, /uses protocol guanyu; fuzz protocol covers the parameter-server protocol/);
  const wrong = await byzsim('fuzz', 'protocol', '--policy', 'eventually');
  t.is(wrong.code, 2);
  t.regex(wrong.stderr, /--policy: eventually — must be sync or async/);
});
