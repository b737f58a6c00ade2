import test from 'ava';
import { runQuick, showFinal } from './quick.ts';

test('seed002-guanyu-vs-liubei (quick): on synchronous links LiuBei matches GuanYu’s accuracy with fewer messages', async (t) => {
  t.timeout(10 * 60_000); // a few seconds of CPU, but the suite shares 2 cores
  const r = await runQuick('scenarios/seed002-guanyu-vs-liubei.yaml');
  const [guanyu, liubei] = [r.pick({ variant: 'GuanYu' }), r.pick({ variant: 'LiuBei' })];
  for (const c of [guanyu, liubei])
    t.true(
      c.finals.every((a) => a > 0.65),
      `${c.variant} learns on every seed: ${showFinal(c)}`,
    );
  t.true(Math.abs(guanyu.final - liubei.final) < 0.05, `the same accuracy: GuanYu ${showFinal(guanyu)}, LiuBei ${showFinal(liubei)}`);
  const sent = (c: typeof guanyu) => c.seeds.map((s) => s.rows.at(-1)!.sent!);
  const [g, l] = [sent(guanyu), sent(liubei)];
  t.true(
    l.every((x, i) => x < 0.8 * g[i]),
    `messages sent, seed by seed: LiuBei ${l} vs GuanYu ${g}`,
  );
});
