import test from 'ava';
import { runQuick, type Cell } from './quick.ts';

/** Each seed's PSNR (dB): the mean over the run's attacked steps. */
const psnrs = (c: Cell) => c.seeds.map((s) => s.rows.reduce((a, r) => a + (r.psnr ?? Number.NaN), 0) / s.rows.length);
const show = (xs: readonly number[]) => `[${xs.map((x) => x.toFixed(1)).join(', ')}]`;

test('seed000-fig7-8 (quick): DLG recovers one image, and its PSNR falls as the batch grows and as the gradient noise grows, on every seed', async (t) => {
  t.timeout(10 * 60_000); // a few seconds of CPU, but the suite shares 2 cores
  const r = await runQuick('scenarios/seed000-fig7-8.yaml');
  const at = (b: number, std: number) => psnrs(r.pick({ 'workers.batch': b, 'workers.privacy.params.std': std }));
  const [one, eight, oneNoisy, eightNoisy] = [at(1, 0), at(8, 0), at(1, 0.1), at(8, 0.1)];
  t.is(one.length, 3, 'three seeds');
  t.true(
    one.every((p) => p > 40),
    `b = 1, no noise: reconstructed (> 40 dB) ${show(one)}`,
  );
  t.true(
    eight.every((p) => p < 20),
    `b = 8, no noise: not reconstructed (< 20 dB) ${show(eight)}`,
  );
  for (let s = 0; s < 3; s++) {
    t.true(one[s] > eight[s] + 20, `seed ${s + 1}: PSNR falls with the batch, ${show(one)} → ${show(eight)}`);
    t.true(one[s] > oneNoisy[s] + 15, `seed ${s + 1}: PSNR falls with the noise at b = 1, ${show(one)} → ${show(oneNoisy)}`);
    t.true(eight[s] > eightNoisy[s], `seed ${s + 1}: and at b = 8, ${show(eight)} → ${show(eightNoisy)}`);
  }
});
