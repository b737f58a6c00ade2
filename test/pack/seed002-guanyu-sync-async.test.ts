import test from 'ava';
import { runQuick, showFinal } from './quick.ts';

test('seed002-guanyu-sync-async (quick): GuanYu learns step for step under asynchronous links as under synchronous ones, and pays in virtual time', async (t) => {
  t.timeout(10 * 60_000); // a few seconds of CPU, but the suite shares 2 cores
  const r = await runQuick('scenarios/seed002-guanyu-sync-async.yaml');
  const [sync, async] = [r.pick({ variant: 'synchronous' }), r.pick({ variant: 'asynchronous' })];
  for (const c of [sync, async])
    t.true(
      c.finals.every((a) => a > 0.65),
      `${c.variant} learns on every seed: ${showFinal(c)}`,
    );
  t.true(Math.abs(sync.final - async.final) < 0.05, `the same accuracy after the same steps: ${showFinal(sync)} vs ${showFinal(async)}`);
  const end = (c: typeof sync) => c.seeds.map((s) => s.rows.at(-1)!.timeMs);
  const [ts, ta] = [end(sync), end(async)];
  t.true(
    ta.every((x, i) => x > 1.3 * ts[i]),
    `virtual time of the run, seed by seed: asynchronous ${ta.map((x) => x.toFixed(0))} ms vs synchronous ${ts.map((x) => x.toFixed(0))} ms`,
  );
  t.true(
    async.seeds.every((s) => !s.stalled),
    'no asynchronous run stalls',
  );
});
