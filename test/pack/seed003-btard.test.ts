import test from 'ava';
import { runQuick, showFinal, type Row } from './quick.ts';

test('seed003-btard (quick): BTARD bans both attackers and no honest peer, then the attacked runs close on the attack-free one', async (t) => {
  t.timeout(10 * 60_000); // a few seconds of CPU, but the suite shares 2 cores
  const r = await runQuick('scenarios/seed003-btard.yaml');
  const [clean, attacked] = [r.pick({ variant: 'no attack' }), r.pick({ variant: 'sign flip' })];
  const acc = (rows: readonly Row[]) => new Map(rows.filter((x) => x.testAccuracy !== undefined).map((x) => [x.step, x.testAccuracy!]));
  const worsts: number[] = [];
  for (const [i, s] of attacked.seeds.entries()) {
    const banAt = s.rows.find((x) => x.banned === 2)?.step;
    t.true(banAt !== undefined && banAt <= 30, `seed ${s.seed}: both Byzantine peers banned by step 30 (at ${banAt})`);
    t.is(s.rows.at(-1)!.bannedHonest, 0, `seed ${s.seed}: no honest peer banned`);
    const [a, c] = [acc(s.rows), acc(clean.seeds[i].rows)];
    const gaps = [...a].map(([step, x]) => (c.get(step) ?? x) - x);
    const worst = Math.max(...gaps);
    worsts.push(worst);
    t.true(worst > 0.03, `seed ${s.seed}: the attack costs accuracy before the bans (largest gap ${worst.toFixed(3)})`);
    t.true(gaps.at(-1)! < worst / 3, `seed ${s.seed}: after the bans the gap closes (${gaps.at(-1)!.toFixed(3)} at the end, ${worst.toFixed(3)} at worst)`);
  }
  t.true(Math.max(...worsts) > 0.2, `on some seed the attack costs much before the bans (largest gaps ${worsts.map((w) => w.toFixed(3))})`);
  t.true(clean.final - attacked.final < 0.06, `final accuracy: attacked ${showFinal(attacked)} vs attack-free ${showFinal(clean)}`);
});
