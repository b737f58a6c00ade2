import test from 'ava';
import { runQuick, showFinal } from './quick.ts';

test('seed002-liubei (quick): LiuBei learns through a Byzantine replica and Byzantine workers at b = 250 and b = 100, its filters rejecting the replica’s noise', async (t) => {
  t.timeout(10 * 60_000); // a few seconds of CPU, but the suite shares 2 cores
  const r = await runQuick('scenarios/seed002-liubei.yaml');
  for (const batch of [250, 100]) {
    const c = r.pick({ 'workers.batch': batch });
    t.true(
      c.finals.every((a) => a > 0.7),
      `b = ${batch} learns on every seed: ${showFinal(c)}`,
    );
    for (const s of c.seeds) {
      const sum = (key: string) => s.rows.reduce((a, row) => a + (row[key] ?? 0), 0);
      const byzantine = sum('byzantineJudged');
      t.true(
        byzantine > 0 && sum('byzantineAccepted') <= 0.1 * byzantine,
        `b = ${batch}, seed ${s.seed}: ${sum('byzantineAccepted')} of ${byzantine} Byzantine models judged passed the filters`,
      );
    }
  }
});
