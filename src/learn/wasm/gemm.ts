/**
 * The tap GEMM: one register-blocked WebAssembly SIMD kernel for every matrix product and
 * convolution of the models, generated as flat WAT (assemble.ts).
 *
 *   C[r, n] = Σ_{t < T} Σ_{i < K} A(r, t, i) · B(t, i, n)
 *   A(r, t, i) = f32 at a + r·sa + aoff_t + i·ka,   B(t, i, ·) = f32 row at b + boff_t + i·ldb
 *
 * for a tile of mr rows (r < mr) and the N columns of C (row stride ldc). A plain product is
 * one tap (T = 1, offsets 0); a convolution lists its kernel positions as taps (see conv.ts).
 *
 * **Summation order.** Every C element starts at +0 and adds its products one at a time, taps
 * in list order and i ascending within a tap, each product rounded to float32 then added (no
 * fused multiply-add): the order of XNNPACK's GEMM and IGEMM micro-kernels, which the wasm
 * backend uses for MatMul and Conv2D (accumulator from the zero bias, then k ascending, kernel
 * positions row-major). So the results are the backend's bits (test/learn/wasm.test.ts), only
 * faster: no operator creation and weight packing per call, no transposes, taps of zero padding
 * skipped (adding an exact zero product leaves a float unchanged, so skipping them keeps the
 * bits for finite operands).
 *
 * Tiles: mr ∈ 1…MR rows × 4·NV columns (NV v128 accumulators per row), then a 4-column and a
 * scalar 1-column kernel for the last columns; `ka = 4` (A contiguous along i) has a 4× unrolled
 * variant with immediate offsets. The driver walks a plan of tiles, columns outermost so that
 * a block of B stays in the L1 cache while the tiles pass.
 */
import type { WasmFunction } from './assemble.ts';

/** Rows and v128 columns of the main tile. */
export const MR = 4;
export const NV = 2;

/** Bytes per plan record: a, c, taps, ntaps, mr (i32 each). */
export const PLAN_RECORD = 20;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

const TILE_PARAMS = [['a', 'i32'], ['sa', 'i32'], ['ka', 'i32'], ['b', 'i32'], ['ldb', 'i32'], ['k', 'i32'], ['taps', 'i32'], ['ntaps', 'i32'], ['c', 'i32'], ['ldc', 'i32']] as const;

/** Name of the tile kernel for mr rows, nv v128 columns (0: one scalar column), A contiguous or strided. */
export const tileName = (mr: number, nv: number, contiguous: boolean) => `tile_${mr}x${nv === 0 ? 1 : 4 * nv}${contiguous ? 'c' : 's'}`;

/** One tile kernel: mr rows × (nv v128 | 1 scalar) columns. */
export function tileKernel(mr: number, nv: number, contiguous: boolean): WasmFunction {
  const scalar = nv === 0;
  const cols = scalar ? 1 : nv;
  const T = scalar ? 'f32' : 'v128';
  const acc = (r: number, j: number) => `$acc${r}_${j}`;
  const unroll = contiguous ? 4 : 1;
  // One step of i: splat (or load) A for each row, load B's vectors, multiply-add.
  const step = (u: number) => {
    const lines: string[] = [];
    for (let j = 0; j < cols; j++) lines.push(`local.get $pb ${scalar ? 'f32.load' : 'v128.load'} offset=${16 * j} local.set $b${j}`);
    for (let r = 0; r < mr; r++) {
      lines.push(`local.get $pa${r} ${scalar ? 'f32.load' : 'v128.load32_splat'} offset=${4 * u} local.set $s`);
      for (let j = 0; j < cols; j++) lines.push(`local.get ${acc(r, j)} local.get $s local.get $b${j} ${scalar ? 'f32.mul f32.add' : 'f32x4.mul f32x4.add'} local.set ${acc(r, j)}`);
    }
    lines.push('local.get $pb local.get $ldb i32.add local.set $pb');
    if (!contiguous) for (let r = 0; r < mr; r++) lines.push(`local.get $pa${r} local.get $ka i32.add local.set $pa${r}`);
    return lines.join('\n');
  };
  const zero = scalar ? 'f32.const 0' : 'f32.const 0 f32x4.splat';
  const body = `
    ${range(mr).flatMap((r) => range(cols).map((j) => `${zero} local.set ${acc(r, j)}`)).join('\n')}
    block $taps_done
    loop $tap
      local.get $ntaps i32.eqz br_if $taps_done
      ;; pointers of this tap: A's rows and B
      ${range(mr).map((r) => `local.get $a local.get $sa i32.const ${r} i32.mul i32.add local.get $taps i32.load i32.add local.set $pa${r}`).join('\n')}
      local.get $b local.get $taps i32.load offset=4 i32.add local.set $pb
      local.get $k local.set $i
      ${contiguous ? `
      block $quad_done
      loop $quad
        local.get $i i32.const 4 i32.lt_u br_if $quad_done
        ${range(4).map(step).join('\n')}
        ${range(mr).map((r) => `local.get $pa${r} i32.const 16 i32.add local.set $pa${r}`).join('\n')}
        local.get $i i32.const 4 i32.sub local.set $i
        br $quad
      end
      end
      block $rest_done
      loop $rest
        local.get $i i32.eqz br_if $rest_done
        ${step(0)}
        ${range(mr).map((r) => `local.get $pa${r} i32.const 4 i32.add local.set $pa${r}`).join('\n')}
        local.get $i i32.const 1 i32.sub local.set $i
        br $rest
      end
      end` : `
      block $k_done
      loop $kloop
        local.get $i i32.eqz br_if $k_done
        ${step(0)}
        local.get $i i32.const 1 i32.sub local.set $i
        br $kloop
      end
      end`}
      local.get $taps i32.const 8 i32.add local.set $taps
      local.get $ntaps i32.const 1 i32.sub local.set $ntaps
      br $tap
    end
    end
    ${range(mr).flatMap((r) => range(cols).map((j) => `local.get $c local.get ${acc(r, j)} ${scalar ? 'f32.store' : 'v128.store'} offset=${16 * j}`).concat([`local.get $c local.get $ldc i32.add local.set $c`])).join('\n')}
  `;
  return {
    name: tileName(mr, nv, contiguous),
    params: TILE_PARAMS,
    locals: [
      ...range(mr).flatMap((r) => range(cols).map((j) => [acc(r, j).slice(1), T] as const)),
      ...range(cols).map((j) => [`b${j}`, T] as const),
      ['s', T],
      ...range(mr).map((r) => [`pa${r}`, 'i32'] as const),
      ['pb', 'i32'], ['i', 'i32'],
    ],
    body,
  };
}

/**
 * The driver: for column blocks of 4·NV (then 4, then 1) across C's n columns, every plan record
 * (a, c, taps, ntaps, mr) runs its tile kernel. Record addresses are absolute bytes.
 */
export function driver(contiguous: boolean): WasmFunction {
  const dispatch = (nv: number) => range(MR).map((m) => `
      local.get $mr i32.const ${m + 1} i32.eq
      if
        local.get $ra local.get $sa local.get $ka local.get $b local.get $n0 i32.const 4 i32.mul i32.add local.get $ldb local.get $k
        local.get $rt local.get $rn local.get $rc local.get $n0 i32.const 4 i32.mul i32.add local.get $ldc
        call $${tileName(m + 1, nv, contiguous)}
      end`).join('\n');
  const block = (nv: number, width: number, repeat: boolean) => `
    block $done${width}
    loop $cols${width}
      local.get $n0 i32.const ${width} i32.add local.get $n i32.gt_u br_if $done${width}
      local.get $plan local.set $p
      local.get $count local.set $left
      block $tiles_done${width}
      loop $tiles${width}
        local.get $left i32.eqz br_if $tiles_done${width}
        local.get $p i32.load local.set $ra
        local.get $p i32.load offset=4 local.set $rc
        local.get $p i32.load offset=8 local.set $rt
        local.get $p i32.load offset=12 local.set $rn
        local.get $p i32.load offset=16 local.set $mr
        ${dispatch(nv)}
        local.get $p i32.const ${PLAN_RECORD} i32.add local.set $p
        local.get $left i32.const 1 i32.sub local.set $left
        br $tiles${width}
      end
      end
      local.get $n0 i32.const ${width} i32.add local.set $n0
      ${repeat ? `br $cols${width}` : ''}
    end
    end`;
  return {
    name: `gemm_${contiguous ? 'c' : 's'}`,
    params: [['plan', 'i32'], ['count', 'i32'], ['sa', 'i32'], ['ka', 'i32'], ['b', 'i32'], ['ldb', 'i32'], ['k', 'i32'], ['ldc', 'i32'], ['n', 'i32']],
    locals: [['n0', 'i32'], ['p', 'i32'], ['left', 'i32'], ['ra', 'i32'], ['rc', 'i32'], ['rt', 'i32'], ['rn', 'i32'], ['mr', 'i32']],
    body: `${block(NV, 4 * NV, true)} ${NV > 1 ? block(1, 4, false) : ''} ${block(0, 1, true)}`,
  };
}

/** Every function of the GEMM module. */
export function gemmFunctions(): WasmFunction[] {
  const out: WasmFunction[] = [];
  for (const contiguous of [true, false]) {
    for (let m = 1; m <= MR; m++) for (const nv of new Set([NV, 1, 0])) out.push(tileKernel(m, nv, contiguous));
    out.push(driver(contiguous));
  }
  return out;
}
