/**
 * WAT of the squared-norm kernel over g pairs of rows (`sqnorm_p1` … `sqnorm_p8`), generated so
 * that one call runs as many independent float64 chains as the rows allow: a sequential sum
 * (linalg.sqNorm: s ← s + x[k]², k increasing, one rounding per operation) cannot be split
 * along k, so throughput comes from rows only, and the add latency needs ≈ 6–8 chains in flight.
 * Rows 2p and 2p+1 share the two lanes of one f64x2 accumulator (lane 0 row 2p, lane 1 row 2p+1);
 * x[k]² of a float32 is exact in float64, so every lane performs the reference's operations in
 * its order: two coordinates of each row promoted and squared ([a0² a1²], [b0² b1²]), their
 * squares interleaved into the lanes ([a0² b0²], then [a1² b1²]), four coordinates per pass, then
 * one at a time for the last len mod 4.
 *
 * `(func (export "sqnorm_p{g}") (param $tab i32) (param $len i32) (param $acc i32))`: tab holds
 * 2g row addresses (a short set repeats a row and ignores its lane); acc[0..2g) += Σ_k row_r[k]².
 */
export function sqnormPairs(g: number): string {
  if (!Number.isInteger(g) || g < 1 || g > 8) throw new Error(`sqnormPairs: 1 ≤ g ≤ 8, got ${g}`);
  const pairs = Array.from({ length: g }, (_, p) => p);
  const acc = (p: number) => `$s${p}`;
  const row = (p: number, half: 0 | 1) => `(i32.add (i32.load offset=${8 * p + 4 * half} (local.get $tab)) (local.get $k))`;
  const add = (p: number, v: string) =>
    `      (local.set $v ${v})\n      (local.set ${acc(p)} (f64x2.add (local.get ${acc(p)}) (f64x2.mul (local.get $v) (local.get $v))))\n`;
  const sq = (p: number, half: 0 | 1, off: number) =>
    `(local.set $${half ? 'vb' : 'va'} (f64x2.promote_low_f32x4 (v128.load64_zero offset=${off} ${row(p, half)})))\n` +
    `      (local.set $${half ? 'vb' : 'va'} (f64x2.mul (local.get $${half ? 'vb' : 'va'}) (local.get $${half ? 'vb' : 'va'})))\n`;
  const lanes = (p: number, first: boolean) =>
    `      (local.set ${acc(p)} (f64x2.add (local.get ${acc(p)}) (i8x16.shuffle ${first ? '0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23' : '8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31'} (local.get $va) (local.get $vb))))\n`;
  const four = pairs.map((p) => [0, 8].map((off) => `      ${sq(p, 0, off)}      ${sq(p, 1, off)}${lanes(p, true)}${lanes(p, false)}`).join('')).join('');
  const one = pairs
    .map((p) =>
      add(
        p,
        `(f64x2.promote_low_f32x4 (i8x16.shuffle 0 1 2 3 16 17 18 19 0 1 2 3 16 17 18 19 (v128.load32_zero ${row(p, 0)}) (v128.load32_zero ${row(p, 1)})))`,
      ),
    )
    .join('');
  return `
  (func (export "sqnorm_p${g}") (param $tab i32) (param $len i32) (param $acc i32)
    (local $k i32) (local $kend i32) (local $kall i32) (local $va v128) (local $vb v128) (local $v v128)
    ${pairs.map((p) => `(local ${acc(p)} v128)`).join(' ')}
${pairs.map((p) => `    (local.set ${acc(p)} (v128.load offset=${16 * p} (local.get $acc)))\n`).join('')}    (local.set $kend (i32.shl (i32.and (local.get $len) (i32.const -4)) (i32.const 2)))
    (local.set $kall (i32.shl (local.get $len) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $k) (local.get $kend)))
${four}      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br $l)))
    (block $tail_done (loop $tail
      (br_if $tail_done (i32.ge_u (local.get $k) (local.get $kall)))
${one}      (local.set $k (i32.add (local.get $k) (i32.const 4)))
      (br $tail)))
${pairs.map((p) => `    (v128.store offset=${16 * p} (local.get $acc) (local.get ${acc(p)}))\n`).join('')}  )
`;
}
