/**
 * The GAR kernels: WebAssembly SIMD loops over float32 rows staged block by block in this
 * module's memory (src/gars/wasm/kernels.ts). Every float64 result is accumulated in the same
 * order as the scalar reference in src/gars/linalg.ts, so the two agree bit for bit:
 * - coordinate-wise sums keep one f64x2 accumulator per pair of coordinates, rows added in the
 * reference's order (four at a time, as (a + b) + (c + e), then one at a time);
 * - squared distances keep the reference's two partial sums in the two lanes of one f64x2
 * (lane 0: even coordinates, lane 1: odd coordinates) and add them at the end;
 * - sequential sums of squares (norms) put two rows in the two lanes, four pairs at a time.
 * Pointers are byte offsets; "tab" is an array of i32 row addresses.
 *
 * The text is WebAssembly text format (WAT), assembled at load by wat.ts; it lives in a TypeScript
 * module so that the compiled package (dist/) carries it.
 */
import { sqnormPairs } from './sqnorm-pairs.ts';

export const KERNELS_WAT = `(module
  (memory (export "mem") 1)

  ;; The floor: Σ of the m rows' first len float32 values, f32x4 lanes, four accumulators.
  (func (export "sum_rows") (param $tab i32) (param $m i32) (param $len i32) (result f64)
    (local $r i32) (local $p i32) (local $end i32) (local $tail i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $s f64)
    (block $rows_done (loop $rows
      (br_if $rows_done (i32.ge_u (local.get $r) (local.get $m)))
      (local.set $p (i32.load (i32.add (local.get $tab) (i32.shl (local.get $r) (i32.const 2)))))
      (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $len) (i32.const -16)) (i32.const 2))))
      (local.set $tail (i32.add (local.get $p) (i32.shl (local.get $len) (i32.const 2))))
      (block $done (loop $l
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $a0 (f32x4.add (local.get $a0) (v128.load (local.get $p))))
        (local.set $a1 (f32x4.add (local.get $a1) (v128.load offset=16 (local.get $p))))
        (local.set $a2 (f32x4.add (local.get $a2) (v128.load offset=32 (local.get $p))))
        (local.set $a3 (f32x4.add (local.get $a3) (v128.load offset=48 (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 64)))
        (br $l)))
      (block $tdone (loop $t
        (br_if $tdone (i32.ge_u (local.get $p) (local.get $tail)))
        (local.set $s (f64.add (local.get $s) (f64.promote_f32 (f32.load (local.get $p)))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $t)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows)))
    (local.set $a0 (f32x4.add (f32x4.add (local.get $a0) (local.get $a1)) (f32x4.add (local.get $a2) (local.get $a3))))
    (f64.add (local.get $s)
      (f64.promote_f32 (f32.add
        (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0)))
        (f32.add (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))))

  ;; out[k] = f32((Σ_r row_r[k]) / m) for k < len rounded up to 8 (rows and out need that slack),
  ;; rows added four at a time as acc + ((a + b) + (c + e)), then one at a time (linalg.meanOf):
  ;; eight coordinates (four f64x2 accumulators) per pass over the row table.
  (func (export "mean_rows") (param $tab i32) (param $m i32) (param $len i32) (param $out i32) (param $inv f64)
    (local $k i32) (local $kend i32) (local $r i32) (local $t i32) (local $a i32) (local $b i32) (local $c i32) (local $e i32)
    (local $lo0 v128) (local $hi0 v128) (local $lo1 v128) (local $hi1 v128) (local $div v128) (local $mul v128)
    (local.set $div (f64x2.splat (f64.convert_i32_u (local.get $m))))
    (local.set $mul (f64x2.splat (local.get $inv)))
    (local.set $kend (i32.shl (i32.and (i32.add (local.get $len) (i32.const 7)) (i32.const -8)) (i32.const 2)))
    (block $k_done (loop $k_loop
      (br_if $k_done (i32.ge_u (local.get $k) (local.get $kend)))
      (local.set $lo0 (v128.const i64x2 0 0))
      (local.set $hi0 (v128.const i64x2 0 0))
      (local.set $lo1 (v128.const i64x2 0 0))
      (local.set $hi1 (v128.const i64x2 0 0))
      (local.set $t (local.get $tab))
      (local.set $r (local.get $m))
      (block $quad_done (loop $quad
        (br_if $quad_done (i32.lt_u (local.get $r) (i32.const 4)))
        (local.set $a (i32.add (i32.load (local.get $t)) (local.get $k)))
        (local.set $b (i32.add (i32.load offset=4 (local.get $t)) (local.get $k)))
        (local.set $c (i32.add (i32.load offset=8 (local.get $t)) (local.get $k)))
        (local.set $e (i32.add (i32.load offset=12 (local.get $t)) (local.get $k)))
        (local.set $lo0 (f64x2.add (local.get $lo0) (f64x2.add
          (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $a))) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $b))))
          (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $c))) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $e)))))))
        (local.set $hi0 (f64x2.add (local.get $hi0) (f64x2.add
          (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $a))) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $b))))
          (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $c))) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $e)))))))
        (local.set $lo1 (f64x2.add (local.get $lo1) (f64x2.add
          (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $a))) (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $b))))
          (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $c))) (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $e)))))))
        (local.set $hi1 (f64x2.add (local.get $hi1) (f64x2.add
          (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero offset=24 (local.get $a))) (f64x2.promote_low_f32x4 (v128.load64_zero offset=24 (local.get $b))))
          (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero offset=24 (local.get $c))) (f64x2.promote_low_f32x4 (v128.load64_zero offset=24 (local.get $e)))))))
        (local.set $t (i32.add (local.get $t) (i32.const 16)))
        (local.set $r (i32.sub (local.get $r) (i32.const 4)))
        (br $quad)))
      (block $one_done (loop $one
        (br_if $one_done (i32.eqz (local.get $r)))
        (local.set $a (i32.add (i32.load (local.get $t)) (local.get $k)))
        (local.set $lo0 (f64x2.add (local.get $lo0) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $a)))))
        (local.set $hi0 (f64x2.add (local.get $hi0) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $a)))))
        (local.set $lo1 (f64x2.add (local.get $lo1) (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $a)))))
        (local.set $hi1 (f64x2.add (local.get $hi1) (f64x2.promote_low_f32x4 (v128.load64_zero offset=24 (local.get $a)))))
        (local.set $t (i32.add (local.get $t) (i32.const 4)))
        (local.set $r (i32.sub (local.get $r) (i32.const 1)))
        (br $one)))
      ;; sum / m, or sum · (1/m) when the caller passes inv = 1/m ≠ 0 (m a power of two: the same
      ;; correctly rounded quotient, without the divider)
      (block $scaled
        (block $divide
          (br_if $divide (f64.eq (local.get $inv) (f64.const 0)))
          (local.set $lo0 (f64x2.mul (local.get $lo0) (local.get $mul)))
          (local.set $hi0 (f64x2.mul (local.get $hi0) (local.get $mul)))
          (local.set $lo1 (f64x2.mul (local.get $lo1) (local.get $mul)))
          (local.set $hi1 (f64x2.mul (local.get $hi1) (local.get $mul)))
          (br $scaled))
        (local.set $lo0 (f64x2.div (local.get $lo0) (local.get $div)))
        (local.set $hi0 (f64x2.div (local.get $hi0) (local.get $div)))
        (local.set $lo1 (f64x2.div (local.get $lo1) (local.get $div)))
        (local.set $hi1 (f64x2.div (local.get $hi1) (local.get $div))))
      (v128.store offset=0 (i32.add (local.get $out) (local.get $k))
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (local.get $lo0)) (f32x4.demote_f64x2_zero (local.get $hi0))))
      (v128.store offset=16 (i32.add (local.get $out) (local.get $k))
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (local.get $lo1)) (f32x4.demote_f64x2_zero (local.get $hi1))))
      (local.set $k (i32.add (local.get $k) (i32.const 32)))
      (br $k_loop))))

  ;; acc[r] (one f64x2 per row, 16 bytes) += the two-lane partial sums of (row_r[k] − y[k])² over
  ;; k < len, rows float32, y float64: lane 0 takes the even k, lane 1 the odd k, in increasing k
  ;; (linalg.sqDist); an odd last k goes to lane 0. Four rows per pass (four independent chains),
  ;; then one at a time. len is even except on a row's last block.
  (func $sqdist_rows (export "sqdist_rows") (param $tab i32) (param $m i32) (param $y i32) (param $len i32) (param $acc i32)
    (local $r i32) (local $k i32) (local $kend i32) (local $yk i32) (local $yv v128)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $q i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $u v128)
    (local.set $kend (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 2)))
    (block $quads_done (loop $quads
      (br_if $quads_done (i32.gt_u (i32.add (local.get $r) (i32.const 4)) (local.get $m)))
      (local.set $q (i32.add (local.get $tab) (i32.shl (local.get $r) (i32.const 2))))
      (local.set $p0 (i32.load (local.get $q)))
      (local.set $p1 (i32.load offset=4 (local.get $q)))
      (local.set $p2 (i32.load offset=8 (local.get $q)))
      (local.set $p3 (i32.load offset=12 (local.get $q)))
      (local.set $q (i32.add (local.get $acc) (i32.shl (local.get $r) (i32.const 4))))
      (local.set $s0 (v128.load (local.get $q)))
      (local.set $s1 (v128.load offset=16 (local.get $q)))
      (local.set $s2 (v128.load offset=32 (local.get $q)))
      (local.set $s3 (v128.load offset=48 (local.get $q)))
      (local.set $k (i32.const 0))
      (block $done (loop $l
        (br_if $done (i32.ge_u (local.get $k) (local.get $kend)))
        (local.set $yv (v128.load (i32.add (local.get $y) (i32.shl (local.get $k) (i32.const 1)))))
        (local.set $u (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $p0) (local.get $k)))) (local.get $yv)))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $u) (local.get $u))))
        (local.set $u (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $p1) (local.get $k)))) (local.get $yv)))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $u) (local.get $u))))
        (local.set $u (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $p2) (local.get $k)))) (local.get $yv)))
        (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $u) (local.get $u))))
        (local.set $u (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $p3) (local.get $k)))) (local.get $yv)))
        (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $u) (local.get $u))))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $l)))
      (block $even
        (br_if $even (i32.eqz (i32.and (local.get $len) (i32.const 1))))
        (local.set $yv (v128.load64_zero (i32.add (local.get $y) (i32.shl (local.get $k) (i32.const 1)))))
        (local.set $u (f64x2.sub (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $p0) (local.get $k)))) (local.get $yv)))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $u) (local.get $u))))
        (local.set $u (f64x2.sub (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $p1) (local.get $k)))) (local.get $yv)))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $u) (local.get $u))))
        (local.set $u (f64x2.sub (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $p2) (local.get $k)))) (local.get $yv)))
        (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $u) (local.get $u))))
        (local.set $u (f64x2.sub (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $p3) (local.get $k)))) (local.get $yv)))
        (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $u) (local.get $u)))))
      (v128.store (local.get $q) (local.get $s0))
      (v128.store offset=16 (local.get $q) (local.get $s1))
      (v128.store offset=32 (local.get $q) (local.get $s2))
      (v128.store offset=48 (local.get $q) (local.get $s3))
      (local.set $r (i32.add (local.get $r) (i32.const 4)))
      (br $quads)))
    (block $ones_done (loop $ones
      (br_if $ones_done (i32.ge_u (local.get $r) (local.get $m)))
      (local.set $p0 (i32.load (i32.add (local.get $tab) (i32.shl (local.get $r) (i32.const 2)))))
      (local.set $q (i32.add (local.get $acc) (i32.shl (local.get $r) (i32.const 4))))
      (call $sqdist_fd (local.get $p0) (local.get $y) (local.get $len) (local.get $q))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $ones))))

  ;; One chain of sqdist_rows: acc (f64x2) += two-lane Σ (a[k] − y[k])², a float32, y float64.
  (func $sqdist_fd (export "sqdist_fd") (param $a i32) (param $y i32) (param $len i32) (param $acc i32)
    (local $end i32) (local $s v128) (local $u v128)
    (local.set $s (v128.load (local.get $acc)))
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
      (local.set $u (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $a))) (v128.load (local.get $y))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $u) (local.get $u))))
      (local.set $a (i32.add (local.get $a) (i32.const 8)))
      (local.set $y (i32.add (local.get $y) (i32.const 16)))
      (br $l)))
    (block $even
      (br_if $even (i32.eqz (i32.and (local.get $len) (i32.const 1))))
      (local.set $u (f64x2.sub (f64x2.promote_low_f32x4 (v128.load32_zero (local.get $a))) (v128.load64_zero (local.get $y))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $u) (local.get $u)))))
    (v128.store (local.get $acc) (local.get $s)))

  ;; acc (f64x2) += two-lane Σ (a[k] − b[k])², a and b float64 (the step ‖z_{t+1} − z_t‖²).
  (func (export "sqdist_dd") (param $a i32) (param $b i32) (param $len i32) (param $acc i32)
    (local $end i32) (local $s v128) (local $u v128)
    (local.set $s (v128.load (local.get $acc)))
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 3))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
      (local.set $u (f64x2.sub (v128.load (local.get $a)) (v128.load (local.get $b))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $u) (local.get $u))))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (br $l)))
    (block $even
      (br_if $even (i32.eqz (i32.and (local.get $len) (i32.const 1))))
      (local.set $u (f64x2.sub (v128.load64_zero (local.get $a)) (v128.load64_zero (local.get $b))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $u) (local.get $u)))))
    (v128.store (local.get $acc) (local.get $s)))

  ;; acc (f64x2) += two-lane Σ (a[k] − b[k])², a and b float32 (one pair of pairwise).
  (func $sqdist_ff (export "sqdist_ff") (param $a i32) (param $b i32) (param $len i32) (param $acc i32)
    (local $end i32) (local $s v128) (local $u v128)
    (local.set $s (v128.load (local.get $acc)))
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
      (local.set $u (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $a))) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $b)))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $u) (local.get $u))))
      (local.set $a (i32.add (local.get $a) (i32.const 8)))
      (local.set $b (i32.add (local.get $b) (i32.const 8)))
      (br $l)))
    (block $even
      (br_if $even (i32.eqz (i32.and (local.get $len) (i32.const 1))))
      (local.set $u (f64x2.sub (f64x2.promote_low_f32x4 (v128.load32_zero (local.get $a))) (f64x2.promote_low_f32x4 (v128.load32_zero (local.get $b)))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $u) (local.get $u)))))
    (v128.store (local.get $acc) (local.get $s)))

  ;; Pairwise two-lane Σ (x_i[k] − x_j[k])² for i < j over k < len: acc is the n×n matrix of
  ;; f64x2 partial sums (16 bytes each, row-major). Row i against four rows j at a time (one a[k]
  ;; load for four chains), the remaining j one at a time.
  (func (export "pairwise") (param $tab i32) (param $n i32) (param $len i32) (param $acc i32)
    (local $i i32) (local $j i32) (local $k i32) (local $kend i32) (local $pa i32) (local $q i32) (local $t i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (local $av v128) (local $u v128) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $kend (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 2)))
    (block $rows_done (loop $rows
      (br_if $rows_done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $pa (i32.load (i32.add (local.get $tab) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $j (i32.add (local.get $i) (i32.const 1)))
      (block $quads_done (loop $quads
        (br_if $quads_done (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
        (local.set $t (i32.add (local.get $tab) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $p0 (i32.load (local.get $t)))
        (local.set $p1 (i32.load offset=4 (local.get $t)))
        (local.set $p2 (i32.load offset=8 (local.get $t)))
        (local.set $p3 (i32.load offset=12 (local.get $t)))
        (local.set $q (i32.add (local.get $acc) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 4))))
        (local.set $s0 (v128.load (local.get $q)))
        (local.set $s1 (v128.load offset=16 (local.get $q)))
        (local.set $s2 (v128.load offset=32 (local.get $q)))
        (local.set $s3 (v128.load offset=48 (local.get $q)))
        (local.set $k (i32.const 0))
        (block $done (loop $l
          (br_if $done (i32.ge_u (local.get $k) (local.get $kend)))
          (local.set $av (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $pa) (local.get $k)))))
          (local.set $u (f64x2.sub (local.get $av) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $p0) (local.get $k))))))
          (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $u) (local.get $u))))
          (local.set $u (f64x2.sub (local.get $av) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $p1) (local.get $k))))))
          (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $u) (local.get $u))))
          (local.set $u (f64x2.sub (local.get $av) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $p2) (local.get $k))))))
          (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $u) (local.get $u))))
          (local.set $u (f64x2.sub (local.get $av) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $p3) (local.get $k))))))
          (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $u) (local.get $u))))
          (local.set $k (i32.add (local.get $k) (i32.const 8)))
          (br $l)))
        (block $even
          (br_if $even (i32.eqz (i32.and (local.get $len) (i32.const 1))))
          (local.set $av (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $pa) (local.get $k)))))
          (local.set $u (f64x2.sub (local.get $av) (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $p0) (local.get $k))))))
          (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $u) (local.get $u))))
          (local.set $u (f64x2.sub (local.get $av) (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $p1) (local.get $k))))))
          (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $u) (local.get $u))))
          (local.set $u (f64x2.sub (local.get $av) (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $p2) (local.get $k))))))
          (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $u) (local.get $u))))
          (local.set $u (f64x2.sub (local.get $av) (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $p3) (local.get $k))))))
          (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $u) (local.get $u)))))
        (v128.store (local.get $q) (local.get $s0))
        (v128.store offset=16 (local.get $q) (local.get $s1))
        (v128.store offset=32 (local.get $q) (local.get $s2))
        (v128.store offset=48 (local.get $q) (local.get $s3))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $quads)))
      (block $ones_done (loop $ones
        (br_if $ones_done (i32.ge_u (local.get $j) (local.get $n)))
        (call $sqdist_ff (local.get $pa) (i32.load (i32.add (local.get $tab) (i32.shl (local.get $j) (i32.const 2)))) (local.get $len)
          (i32.add (local.get $acc) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 4))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $ones)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows))))

  ;; One fused pass of a weighted fixed-point step over one block of at most 2048 coordinates
  ;; (linalg.weightedStep): out[k] = c[k] + Σ_i w_i (x_i[k] − c[k]) ($c ≠ 0) or Σ_i w_i x_i[k]
  ;; ($c = 0), rows in order, for k < len rounded up to 4 (out, c and the rows need the slack);
  ;; then, unless $sq is 0, sq[i] += s0 + s1, the two-lane partial sums of (x_i[k] − out[k])² over k < len.
  ;; $w and $sq are float64 arrays of n, $scratch 16n bytes; $c and $out point at the block's first coordinate.
  (func (export "weighted_step") (param $tab i32) (param $n i32) (param $w i32) (param $c i32) (param $out i32) (param $len i32) (param $sq i32) (param $scratch i32)
    (local $k i32) (local $kend i32) (local $i i32) (local $p i32) (local $acc v128)
    (local $lo v128) (local $hi v128) (local $clo v128) (local $chi v128) (local $wi v128)
    (local.set $kend (i32.shl (i32.and (i32.add (local.get $len) (i32.const 3)) (i32.const -4)) (i32.const 2)))
    (block $k_done (loop $k_loop
      (br_if $k_done (i32.ge_u (local.get $k) (local.get $kend)))
      (local.set $clo (v128.const i64x2 0 0))
      (local.set $chi (v128.const i64x2 0 0))
      (block $no_center
        (br_if $no_center (i32.eqz (local.get $c)))
        (local.set $clo (v128.load (i32.add (local.get $c) (i32.shl (local.get $k) (i32.const 1)))))
        (local.set $chi (v128.load offset=16 (i32.add (local.get $c) (i32.shl (local.get $k) (i32.const 1))))))
      (local.set $lo (local.get $clo))
      (local.set $hi (local.get $chi))
      (local.set $i (i32.const 0))
      (block $rows_done (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $p (i32.add (i32.load (i32.add (local.get $tab) (i32.shl (local.get $i) (i32.const 2)))) (local.get $k)))
        (local.set $wi (f64x2.splat (f64.load (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 3))))))
        (local.set $lo (f64x2.add (local.get $lo) (f64x2.mul (local.get $wi)
          (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p))) (local.get $clo)))))
        (local.set $hi (f64x2.add (local.get $hi) (f64x2.mul (local.get $wi)
          (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $p))) (local.get $chi)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
      (v128.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 1))) (local.get $lo))
      (v128.store offset=16 (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 1))) (local.get $hi))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br $k_loop)))
    ;; sq[i] += s0 + s1 over this block, through sqdist_rows on one scratch f64x2 per row
    ;; ($sq = 0: not wanted, the iteration's last step)
    (block $no_sq
    (br_if $no_sq (i32.eqz (local.get $sq)))
    (local.set $i (i32.const 0))
    (block $z_done (loop $z
      (br_if $z_done (i32.ge_u (local.get $i) (local.get $n)))
      (v128.store (i32.add (local.get $scratch) (i32.shl (local.get $i) (i32.const 4))) (v128.const i64x2 0 0))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $z)))
    (call $sqdist_rows (local.get $tab) (local.get $n) (local.get $out) (local.get $len) (local.get $scratch))
    (local.set $i (i32.const 0))
    (block $add_done (loop $add
      (br_if $add_done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $p (i32.add (local.get $scratch) (i32.shl (local.get $i) (i32.const 4))))
      (local.set $acc (v128.load (local.get $p)))
      (f64.store (i32.add (local.get $sq) (i32.shl (local.get $i) (i32.const 3)))
        (f64.add (f64.load (i32.add (local.get $sq) (i32.shl (local.get $i) (i32.const 3))))
          (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $add)))))

  ;; z[k] += x[k] / dv for k < len rounded up to 4, z float64, x float32 (the mean as Weiszfeld's start).
  (func (export "add_div") (param $z i32) (param $x i32) (param $len i32) (param $dv f64)
    (local $end i32) (local $d v128)
    (local.set $d (f64x2.splat (local.get $dv)))
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (i32.add (local.get $len) (i32.const 3)) (i32.const -4)) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (v128.store (local.get $z) (f64x2.add (v128.load (local.get $z)) (f64x2.div (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $x))) (local.get $d))))
      (v128.store offset=16 (local.get $z) (f64x2.add (v128.load offset=16 (local.get $z)) (f64x2.div (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $x))) (local.get $d))))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $z (i32.add (local.get $z) (i32.const 32)))
      (br $l))))

  ;; r[k] += (x[k] − y[k]) / s for k < len rounded up to 4, r float64, x and y float32
  ;; (the geometric median's optimality check at an input).
  (func (export "add_diff_div") (param $r i32) (param $x i32) (param $y i32) (param $len i32) (param $s f64)
    (local $end i32) (local $d v128)
    (local.set $d (f64x2.splat (local.get $s)))
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (i32.add (local.get $len) (i32.const 3)) (i32.const -4)) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (v128.store (local.get $r) (f64x2.add (v128.load (local.get $r))
        (f64x2.div (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $x))) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $y)))) (local.get $d))))
      (v128.store offset=16 (local.get $r) (f64x2.add (v128.load offset=16 (local.get $r))
        (f64x2.div (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $x))) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $y)))) (local.get $d))))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $y (i32.add (local.get $y) (i32.const 16)))
      (local.set $r (i32.add (local.get $r) (i32.const 32)))
      (br $l))))

  ;; Σ r[k]² in increasing k, one float64 accumulator (a sequential scalar loop, as the reference).
  (func (export "sumsq_seq") (param $r i32) (param $len i32) (param $s f64) (result f64)
    (local $end i32) (local $v f64)
    (local.set $end (i32.add (local.get $r) (i32.shl (local.get $len) (i32.const 3))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $r) (local.get $end)))
      (local.set $v (f64.load (local.get $r)))
      (local.set $s (f64.add (local.get $s) (f64.mul (local.get $v) (local.get $v))))
      (local.set $r (i32.add (local.get $r) (i32.const 8)))
      (br $l)))
    (local.get $s))

  ;; Squared norms of 2g rows per call, g = 1 … 8 (sqnorm-pairs.ts).
${[1, 2, 3, 4, 5, 6, 7, 8].map(sqnormPairs).join('')}
  ;; y[k] = f32(x[k] · s) for k < len rounded up to 4 (static clipping's scale), x and y float32;
  ;; y may be x (scaled in place). Sixteen values per pass, then four at a time.
  (func (export "scale") (param $x i32) (param $len i32) (param $s f64) (param $y i32)
    (local $end i32) (local $end16 i32) (local $sv v128)
    (local.set $sv (f64x2.splat (local.get $s)))
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (i32.add (local.get $len) (i32.const 3)) (i32.const -4)) (i32.const 2))))
    (local.set $end16 (i32.add (local.get $x) (i32.shl (i32.and (local.get $len) (i32.const -16)) (i32.const 2))))
    (block $done16 (loop $l16
      (br_if $done16 (i32.ge_u (local.get $x) (local.get $end16)))
      (v128.store offset=0 (local.get $y)
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero offset=0 (local.get $x))) (local.get $sv)))
          (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $x))) (local.get $sv)))))
      (v128.store offset=16 (local.get $y)
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $x))) (local.get $sv)))
          (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero offset=24 (local.get $x))) (local.get $sv)))))
      (v128.store offset=32 (local.get $y)
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero offset=32 (local.get $x))) (local.get $sv)))
          (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero offset=40 (local.get $x))) (local.get $sv)))))
      (v128.store offset=48 (local.get $y)
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero offset=48 (local.get $x))) (local.get $sv)))
          (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero offset=56 (local.get $x))) (local.get $sv)))))
      (local.set $x (i32.add (local.get $x) (i32.const 64)))
      (local.set $y (i32.add (local.get $y) (i32.const 64)))
      (br $l16)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (v128.store (local.get $y)
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero offset=0 (local.get $x))) (local.get $sv)))
          (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $x))) (local.get $sv)))))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $y (i32.add (local.get $y) (i32.const 16)))
      (br $l))))

  ;; Dot products of four rows a0..a3 (tab4: four row addresses) with two rows b0, b1 (tab2) over
  ;; k < len, into acc: eight f64x2 two-lane partial sums (lane 0 even, lane 1 odd coordinates),
  ;; acc[2r + c] = Σ a_r[k]·b_c[k]. One load per row and coordinate pair for eight products: the
  ;; Gram tile of pairwise distances for large n (ops.ts gramRows).
  (func (export "dots4x2") (param $tab4 i32) (param $tab2 i32) (param $len i32) (param $acc i32)
    (local $k i32) (local $kend i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $q0 i32) (local $q1 i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $b0 v128) (local $b1 v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $s4 v128) (local $s5 v128) (local $s6 v128) (local $s7 v128)
    (local.set $p0 (i32.load (local.get $tab4)))
    (local.set $p1 (i32.load offset=4 (local.get $tab4)))
    (local.set $p2 (i32.load offset=8 (local.get $tab4)))
    (local.set $p3 (i32.load offset=12 (local.get $tab4)))
    (local.set $q0 (i32.load (local.get $tab2)))
    (local.set $q1 (i32.load offset=4 (local.get $tab2)))
    (local.set $s0 (v128.load (local.get $acc)))
    (local.set $s1 (v128.load offset=16 (local.get $acc)))
    (local.set $s2 (v128.load offset=32 (local.get $acc)))
    (local.set $s3 (v128.load offset=48 (local.get $acc)))
    (local.set $s4 (v128.load offset=64 (local.get $acc)))
    (local.set $s5 (v128.load offset=80 (local.get $acc)))
    (local.set $s6 (v128.load offset=96 (local.get $acc)))
    (local.set $s7 (v128.load offset=112 (local.get $acc)))
    (local.set $kend (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $k) (local.get $kend)))
      (local.set $b0 (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $q0) (local.get $k)))))
      (local.set $b1 (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $q1) (local.get $k)))))
      (local.set $a0 (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $p0) (local.get $k)))))
      (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $a0) (local.get $b0))))
      (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $a0) (local.get $b1))))
      (local.set $a1 (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $p1) (local.get $k)))))
      (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $a1) (local.get $b0))))
      (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $a1) (local.get $b1))))
      (local.set $a2 (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $p2) (local.get $k)))))
      (local.set $s4 (f64x2.add (local.get $s4) (f64x2.mul (local.get $a2) (local.get $b0))))
      (local.set $s5 (f64x2.add (local.get $s5) (f64x2.mul (local.get $a2) (local.get $b1))))
      (local.set $a3 (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $p3) (local.get $k)))))
      (local.set $s6 (f64x2.add (local.get $s6) (f64x2.mul (local.get $a3) (local.get $b0))))
      (local.set $s7 (f64x2.add (local.get $s7) (f64x2.mul (local.get $a3) (local.get $b1))))
      (local.set $k (i32.add (local.get $k) (i32.const 8)))
      (br $l)))
    (block $even
      (br_if $even (i32.eqz (i32.and (local.get $len) (i32.const 1))))
      (local.set $b0 (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $q0) (local.get $k)))))
      (local.set $b1 (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $q1) (local.get $k)))))
      (local.set $a0 (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $p0) (local.get $k)))))
      (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $a0) (local.get $b0))))
      (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $a0) (local.get $b1))))
      (local.set $a1 (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $p1) (local.get $k)))))
      (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $a1) (local.get $b0))))
      (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $a1) (local.get $b1))))
      (local.set $a2 (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $p2) (local.get $k)))))
      (local.set $s4 (f64x2.add (local.get $s4) (f64x2.mul (local.get $a2) (local.get $b0))))
      (local.set $s5 (f64x2.add (local.get $s5) (f64x2.mul (local.get $a2) (local.get $b1))))
      (local.set $a3 (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $p3) (local.get $k)))))
      (local.set $s6 (f64x2.add (local.get $s6) (f64x2.mul (local.get $a3) (local.get $b0))))
      (local.set $s7 (f64x2.add (local.get $s7) (f64x2.mul (local.get $a3) (local.get $b1)))))
    (v128.store (local.get $acc) (local.get $s0))
    (v128.store offset=16 (local.get $acc) (local.get $s1))
    (v128.store offset=32 (local.get $acc) (local.get $s2))
    (v128.store offset=48 (local.get $acc) (local.get $s3))
    (v128.store offset=64 (local.get $acc) (local.get $s4))
    (v128.store offset=80 (local.get $acc) (local.get $s5))
    (v128.store offset=96 (local.get $acc) (local.get $s6))
    (v128.store offset=112 (local.get $acc) (local.get $s7)))
)
`;
