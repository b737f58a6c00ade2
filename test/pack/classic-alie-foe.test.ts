import test from 'ava';
import { runQuick, showFinal } from './quick.ts';

test('classic-alie-foe (quick): FoE (ε = 0.1) breaks Krum — it picks the attackers’ vectors — while the median and averaging keep learning', async (t) => {
  t.timeout(10 * 60_000); // a few seconds of CPU, but the suite shares 2 cores
  const r = await runQuick('scenarios/classic-alie-foe.yaml');
  for (const gar of ['average', 'krum', 'median']) {
    const clean = r.pick({ variant: 'no attack', 'server.gar': gar });
    t.true(clean.final > 0.65, `${gar}, no attack: ${showFinal(clean)}`);
  }
  const krum = r.pick({ variant: 'FoE', 'server.gar': 'krum' });
  t.true(
    krum.finals.every((a) => a < 0.2),
    `Krum under FoE, every seed below 0.2: ${showFinal(krum)}`,
  );
  for (const gar of ['average', 'median']) {
    const foe = r.pick({ variant: 'FoE', 'server.gar': gar });
    const clean = r.pick({ variant: 'no attack', 'server.gar': gar });
    t.true(foe.final > clean.final - 0.15, `${gar} under FoE ${showFinal(foe)} stays near its attack-free ${showFinal(clean)}`);
  }
});
