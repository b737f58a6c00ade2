import test from 'ava';
import { runQuick, showFinal } from './quick.ts';

test('seed000-fig4-5 (quick): on the SVM, noise (ε = 0.2) hinders learning at b = 10, a larger batch recovers it, b = 100 nearly suffices for averaging', async (t) => {
  t.timeout(10 * 60_000); // a few seconds of CPU, but the suite shares 2 cores
  const r = await runQuick('scenarios/seed000-fig4-5.yaml');
  const at = (variant: string, epsilon: number, batch: number) => r.pick({ variant, 'workers.privacy.params.epsilon': epsilon, 'workers.batch': batch });
  const avg = 'average (no attack)';
  const [clean, noisy] = [at(avg, Infinity, 10), at(avg, 0.2, 10)];
  t.true(
    noisy.finals.every((a, s) => a < clean.finals[s] - 0.15),
    `b = 10, average: ε = 0.2 ${showFinal(noisy)} far below ε = ∞ ${showFinal(clean)} on every seed`,
  );
  for (const variant of [avg, 'MDA vs FoE']) {
    const [b10, b100, b500] = [10, 100, 500].map((b) => at(variant, 0.2, b));
    t.true(
      b500.finals.every((a, s) => a > b10.finals[s] + 0.15),
      `${variant}, ε = 0.2: b = 500 ${showFinal(b500)} far above b = 10 ${showFinal(b10)} on every seed`,
    );
    t.true(
      b10.final < b100.final && b100.final < b500.final,
      `${variant}, ε = 0.2: accuracy grows with b: ${showFinal(b10)}, ${showFinal(b100)}, ${showFinal(b500)}`,
    );
  }
  const [noisy100, clean100] = [at(avg, 0.2, 100), at(avg, Infinity, 100)];
  t.true(
    noisy100.final > clean100.final - 0.06,
    `d = 69: b = 100 nearly suffices for averaging, ε = 0.2 ${showFinal(noisy100)} vs ε = ∞ ${showFinal(clean100)}`,
  );
});
