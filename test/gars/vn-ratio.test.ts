/** The VN ratio estimator and the k_F(n, f) table of theory §2.2 (to 1e-6). */
import test from 'ava';
import { kF, krumEta, meetsVnCondition, vnRatio } from '../../src/privacy/vn-ratio.ts';

const TABLE: [number, number, number | undefined, number | undefined, number, number][] = [
  // n, f, η, k_Krum, k_MDA, k_Med
  [5, 1, 4.242641, 0.235702, 1.414214, 0.5],
  [7, 2, 7.348469, 0.136083, 0.883883, 0.447214],
  [11, 2, 6.033241, 0.165748, 1.59099, 0.333333],
  [11, 3, 8.3666, 0.119523, 0.942809, 0.353553],
  [11, 4, 15.684387, 0.063758, 0.618718, 0.377964],
  [11, 5, undefined, undefined, 0.424264, 0.408248],
  [19, 4, 9.556847, 0.104637, 1.325825, 0.258199],
  [25, 5, 11.266014, 0.088763, 1.414214, 0.223607],
  [51, 12, 23.479353, 0.042591, 1.149049, 0.160128],
];

for (const [n, f, eta, kKrum, kMda, kMed] of TABLE) {
  test(`k_F table at n=${n}, f=${f}`, (t) => {
    if (eta === undefined) t.true(Number.isNaN(krumEta(n, f)));
    else t.true(Math.abs(krumEta(n, f) - eta) < 1e-6);
    if (kKrum === undefined) t.is(kF('krum', n, f), undefined);
    else for (const rule of ['krum', 'multi-krum', 'bulyan']) t.true(Math.abs(kF(rule, n, f)! - kKrum) < 1e-6);
    t.true(Math.abs(kF('mda', n, f)! - kMda) < 1e-6);
    t.true(Math.abs(kF('median', n, f)! - kMed) < 1e-6);
    t.is(kF('trimmed-mean', n, f), undefined);
  });
}

test('the two forms of Krum’s η are the same polynomial (theory §2.2)', (t) => {
  for (let n = 5; n < 40; n++) {
    for (let f = 1; 2 * f + 2 < n; f++) {
      const lpd = Math.sqrt(2 * (n - f + (f * (n + f * (n - f - 2) - 2)) / (n - 2 * f - 2)));
      t.true(Math.abs(krumEta(n, f) - lpd) < 1e-9 * lpd);
    }
  }
});

test('vnRatio: unbiased deviation over the norm of the mean', (t) => {
  const g = [Float32Array.from([1, 0]), Float32Array.from([3, 0]), Float32Array.from([2, 3]), Float32Array.from([2, -3])];
  // mean (2, 0); Σ‖g − ḡ‖² = 1 + 1 + 9 + 9 = 20; dev = √(20/3)
  const r = vnRatio(g);
  t.true(Math.abs(r.deviation - Math.sqrt(20 / 3)) < 1e-12);
  t.is(r.meanNorm, 2);
  t.true(Math.abs(r.ratio - Math.sqrt(20 / 3) / 2) < 1e-12);
  t.is(vnRatio([Float32Array.from([0]), Float32Array.from([0])]).ratio, 0);
  t.is(vnRatio([Float32Array.from([1]), Float32Array.from([-1])]).ratio, Infinity);
  t.throws(() => vnRatio([Float32Array.from([1])]), { message: /at least 2/ });
  t.true(meetsVnCondition('median', 11, 2, 0.3));
  t.false(meetsVnCondition('median', 11, 2, 1 / 3));
  t.is(meetsVnCondition('phocas', 11, 2, 0.1), undefined);
});
