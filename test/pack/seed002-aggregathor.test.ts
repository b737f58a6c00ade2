import test from 'ava';
import { runQuick, showFinal } from './quick.ts';

test('seed002-aggregathor (quick): Bulyan keeps up with averaging at b = 250 and falls behind at b = 20', async (t) => {
  t.timeout(10 * 60_000); // a few seconds of CPU, but the suite shares 2 cores
  const r = await runQuick('scenarios/seed002-aggregathor.yaml');
  const at = (variant: string, batch: number) => r.pick({ variant, 'workers.batch': batch });
  const gap = (batch: number) => at('average', batch).final - at('Bulyan', batch).final;
  const [avg20, bul20] = [at('average', 20), at('Bulyan', 20)];
  t.true(
    bul20.finals.every((a, i) => a < avg20.finals[i]),
    `b = 20, seed by seed: Bulyan ${showFinal(bul20)} below average ${showFinal(avg20)}`,
  );
  t.true(gap(20) > 0.025, `b = 20: average − Bulyan = ${gap(20).toFixed(3)}`);
  t.true(Math.abs(gap(250)) < 0.02, `b = 250: average − Bulyan = ${gap(250).toFixed(3)} (${showFinal(at('average', 250))} vs ${showFinal(at('Bulyan', 250))})`);
  t.true(gap(20) > gap(250) + 0.02, 'the cost of robustness grows as the batch shrinks');
});
