import test from 'ava';
import { runQuick, showFinal } from './quick.ts';

test('seed000-fig2-3 (quick): noise (ε = 0.2) breaks MDA under ALIE at b = 10, and b = 500 recovers it', async (t) => {
  t.timeout(10 * 60_000); // a few seconds of CPU, but the suite shares 2 cores
  const r = await runQuick('scenarios/seed000-fig2-3.yaml');
  const at = (epsilon: number, batch: number) => r.pick({ 'workers.privacy.params.epsilon': epsilon, 'workers.batch': batch });
  const [clean, noisy, big] = [at(Infinity, 10), at(0.2, 10), at(0.2, 500)];
  t.true(noisy.final < clean.final - 0.3, `b = 10: ε = 0.2 ${showFinal(noisy)} far below ε = ∞ ${showFinal(clean)}`);
  t.true(big.final > noisy.final + 0.3, `ε = 0.2: b = 500 ${showFinal(big)} far above b = 10 ${showFinal(noisy)}`);
  t.true(
    big.finals.every((a) => a > 0.6),
    `ε = 0.2, b = 500 learns on every seed: ${showFinal(big)}`,
  );
});
