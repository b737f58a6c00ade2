/** The RDP accountant against Opacus's published values (theory sheet §5.5, §9). */
import test from 'ava';
import { computeRdp, DEFAULT_ORDERS, epsilonFromRdp, logErfc, privacySpent, rdpStep } from '../../src/privacy/rdp.ts';

const INT_ORDERS = Array.from({ length: 31 }, (_, i) => i + 2); // 2..32, Opacus's docstring

test('default orders are 1.1…10.9 step 0.1 and 12…63', (t) => {
  t.is(DEFAULT_ORDERS.length, 99 + 52);
  t.is(DEFAULT_ORDERS[0], 1.1);
  t.is(DEFAULT_ORDERS[98], 10.9);
  t.is(DEFAULT_ORDERS[99], 12);
  t.is(DEFAULT_ORDERS.at(-1), 63);
});

test('Opacus MNIST example: σ=1.1, q=256/60000, 14,062 steps, δ=1e−5 ⇒ ε ≈ 2.597', (t) => {
  const spent = privacySpent([{ q: 256 / 60000, sigma: 1.1, steps: 14062 }], 1e-5);
  t.log(`ε = ${spent.epsilon} at α = ${spent.order}`);
  t.is(spent.epsilon.toFixed(2), '2.60');
  t.true(Math.abs(spent.epsilon - 2.597) < 0.005);
  t.false(spent.atEdge);
  // integer orders 2..32 only: 2.5970 at α = 8 (theory sheet §5.5)
  const ints = privacySpent([{ q: 256 / 60000, sigma: 1.1, steps: 14062 }], 1e-5, { orders: INT_ORDERS });
  t.true(Math.abs(ints.epsilon - 2.597) < 5e-4);
  t.is(ints.order, 8);
});

test('Opacus docstring: two segments, orders 2..32, δ=1e−5 ⇒ ε = 0.336344 at α = 23 (Balle); 0.523318 (TF-Privacy/Mironov)', (t) => {
  const segs = [
    { q: 1e-5, sigma: 1.0, steps: 10 },
    { q: 1e-4, sigma: 3.0, steps: 4 },
  ];
  const balle = privacySpent(segs, 1e-5, { orders: INT_ORDERS });
  t.true(Math.abs(balle.epsilon - 0.336344) < 1e-6);
  t.is(balle.order, 23);
  const tfp = privacySpent(segs, 1e-5, { orders: INT_ORDERS, conversion: 'tf-privacy' });
  t.true(Math.abs(tfp.epsilon - 0.523318) < 1e-6);
  t.is(tfp.order, 23);
});

test('special cases: q=1 ⇒ α/(2σ²) (RDP(2) = 1 at σ = 1); q=0 ⇒ 0; σ=0 ⇒ ∞', (t) => {
  t.is(rdpStep(1, 1, 2), 1);
  t.is(rdpStep(1, 2, 3.5), 3.5 / 8);
  t.is(rdpStep(0, 1, 2), 0);
  t.is(rdpStep(0.1, 0, 2), Infinity);
  t.is(epsilonFromRdp([2, 3], [Infinity, Infinity], 1e-5).epsilon, Infinity);
});

test('fractional orders interpolate the integer ones and RDP grows with α', (t) => {
  const orders = [2, 2.5, 3, 3.5, 4];
  const r = computeRdp(0.01, 1.1, 1, orders);
  for (let i = 1; i < r.length; i++) t.true(r[i] > r[i - 1]);
  // small-q expansion: RDP(2) ≈ q²(e^{1/σ²} − 1)
  t.true(Math.abs(r[0] - 1e-4 * Math.expm1(1 / 1.21)) < 1e-6);
});

test('log erfc is continuous across its asymptotic branch', (t) => {
  t.true(Math.abs(logErfc(19.999999) - logErfc(20)) < 1e-4);
  t.true(Math.abs(logErfc(1) - Math.log(0.157299207050285)) < 1e-12);
});
