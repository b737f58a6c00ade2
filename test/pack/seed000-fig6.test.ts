import test from 'ava';
import { runQuick, showFinal } from './quick.ts';

test('seed000-fig6 (quick): under 25 % sparsification MDA facing ALIE learns better at b = 500 than at b = 10', async (t) => {
  t.timeout(10 * 60_000); // a few seconds of CPU, but the suite shares 2 cores
  const r = await runQuick('scenarios/seed000-fig6.yaml');
  const [small, big] = [10, 500].map((b) => r.pick({ 'workers.batch': b }));
  t.true(big.final > small.final + 0.08, `b = 500 ${showFinal(big)} above b = 10 ${showFinal(small)}`);
  t.true(Math.min(...big.finals) > Math.max(...small.finals), 'on every seed');
  t.true(big.final > 0.75, 'b = 500 learns: sparsification keeps most of the gradient');
});
