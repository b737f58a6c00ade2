/** ALIE's z from (n, f) against the theory sheet's table (§7), both conventions. */
import test from 'ava';
import { alieZ } from '../../src/attacks/alie.ts';

// n, f, z_A (paper: Φ⁻¹((n−s)/n)), z_B (EPFL: Φ⁻¹((n−f−s)/(n−f))), s = ⌊n/2+1⌋ − f
const TABLE: [number, number, number, number][] = [
  [51, 12, 0.59923, 0.361202],
  [50, 12, 0.582842, 0.336038],
  [50, 10, 0.467699, 0.253347],
  [25, 5, 0.467699, 0.253347],
  [20, 4, 0.38532, 0.157311],
  [11, 5, 1.335178, 0.967422],
  [10, 2, 0.253347, 0],
  [100, 20, 0.49585, 0.285841],
];

for (const [n, f, zA, zB] of TABLE) {
  test(`alie z for n=${n}, f=${f}: paper ${zA}, epfl ${zB}`, (t) => {
    t.true(Math.abs(alieZ(n, f, 'paper') - zA) < 1e-6);
    t.true(Math.abs(alieZ(n, f, 'epfl') - zB) < 1e-6);
  });
}

test('alie z is exactly 0 at (n, f) = (10, 2) in the EPFL convention', (t) => {
  t.is(alieZ(10, 2, 'epfl'), 0);
});

test('alie z is NaN (undefined) when s ≤ 0', (t) => {
  t.true(Number.isNaN(alieZ(4, 3)));
});
