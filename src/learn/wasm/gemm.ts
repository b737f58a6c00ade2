/**
 * The tap GEMM: one register-blocked WebAssembly SIMD kernel for every matrix product and
 * convolution of the models, generated as flat WAT (assemble.ts).
 *
 *   C[r, n] = Σ_{t < T} Σ_{i < K_t} A(r, t, i) · B[brow_t + i, n]
 *   A(r, t, i) = f32 at a + r·sa + aoff_t + i·ka
 *
 * for a tile of mr rows (r < mr) and the N columns of C (row stride ldc), B packed (pack()). A
 * plain product is one tap (T = 1, offsets 0); a convolution lists its kernel positions as
 * taps (see conv.ts).
 *
 * **Summation order.** Every C element starts at +0 and adds its products one at a time, taps
 * in list order and i ascending within a tap, each product rounded to float32 then added (no
 * fused multiply-add): the order of XNNPACK's GEMM and IGEMM micro-kernels, which the wasm
 * backend uses for MatMul and Conv2D (accumulator from the zero bias, then k ascending, kernel
 * positions row-major). So the results are the backend's bits (test/learn/wasm.test.ts,
 * conv-wasm.test.ts), only faster: no operator creation per call, no transposes, taps of zero
 * padding skipped (adding an exact zero product leaves a float unchanged, so skipping them
 * keeps the bits for finite operands).
 *
 * **Packed B.** B's R rows are stored column block by column block — blocks of 4·NV columns,
 * then one of 4, then single columns, each block R rows × its width contiguous, block [n0, n0+w)
 * starting at float n0·R — so that a tile's block of B is read sequentially and stays in the L1
 * cache while the tiles pass (the layout XNNPACK packs its weights into).
 *
 * Tiles: mr ∈ 1…MR rows × 4·NV columns (NV v128 accumulators per row), then 4 and 1 columns
 * for the last ones; `ka = 4` (A contiguous along i) has a 4× unrolled variant with immediate
 * offsets. The driver walks a plan of tiles, column blocks outermost.
 */
import type { WasmFunction } from './assemble.ts';

/** Rows and v128 columns of the main tile. */
export const MR = 4;
export const NV = 2;

/** Bytes per plan record: a, c, taps, ntaps, mr (i32 each). */
export const PLAN_RECORD = 20;

/** Bytes per tap: aoff (bytes), brow (B's row of the first step), K (steps), i32 each. */
export const TAP_RECORD = 12;

const range = (a: number, b?: number) =>
  b === undefined ? Array.from({ length: a }, (_, i) => i) : Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);

const TILE_PARAMS = [
  ['a', 'i32'],
  ['sa', 'i32'],
  ['ka', 'i32'],
  ['b', 'i32'],
  ['taps', 'i32'],
  ['ntaps', 'i32'],
  ['c', 'i32'],
  ['ldc', 'i32'],
] as const;

/** Name of the tile kernel for mr rows, nv v128 columns (0: one scalar column), A contiguous or strided. */
export const tileName = (mr: number, nv: number, contiguous: boolean) => `tile_${mr}x${nv === 0 ? 1 : 4 * nv}${contiguous ? 'c' : 's'}`;

/**
 * One tile kernel: mr rows × (nv v128 | 1 scalar) columns; `b` is the column block's packed
 * rows (row stride = the block's width).
 */
export function tileKernel(mr: number, nv: number, contiguous: boolean): WasmFunction {
  const scalar = nv === 0;
  const cols = scalar ? 1 : nv;
  const rowBytes = scalar ? 4 : 16 * nv;
  const T = scalar ? 'f32' : 'v128';
  const acc = (r: number, j: number) => `$acc${r}_${j}`;
  // One step of i: B's vectors of packed row u, then A's value for each row times them.
  const step = (u: number) => {
    const lines: string[] = [];
    for (let j = 0; j < cols; j++) lines.push(`local.get $pb ${scalar ? 'f32.load' : 'v128.load'} offset=${u * rowBytes + 16 * j} local.set $b${j}`);
    for (let r = 0; r < mr; r++) {
      lines.push(`local.get $pa${r} ${scalar ? 'f32.load' : 'v128.load32_splat'} offset=${contiguous ? 4 * u : 0} local.set $s`);
      for (let j = 0; j < cols; j++)
        lines.push(`local.get ${acc(r, j)} local.get $s local.get $b${j} ${scalar ? 'f32.mul f32.add' : 'f32x4.mul f32x4.add'} local.set ${acc(r, j)}`);
    }
    if (!contiguous) for (let r = 0; r < mr; r++) lines.push(`local.get $pa${r} local.get $ka i32.add local.set $pa${r}`);
    return lines.join('\n');
  };
  const advance = (steps: number) =>
    [
      `local.get $pb i32.const ${steps * rowBytes} i32.add local.set $pb`,
      ...(contiguous ? range(mr).map((r) => `local.get $pa${r} i32.const ${4 * steps} i32.add local.set $pa${r}`) : []),
      `local.get $i i32.const ${steps} i32.sub local.set $i`,
    ].join('\n');
  const inner = (unroll: number, label: string) => `
      block $${label}_done
      loop $${label}
        local.get $i i32.const ${unroll} i32.lt_u br_if $${label}_done
        ${range(unroll).map(step).join('\n')}
        ${advance(unroll)}
        br $${label}
      end
      end`;
  const zero = scalar ? 'f32.const 0' : 'f32.const 0 f32x4.splat';
  const body = `
    ${range(mr)
      .flatMap((r) => range(cols).map((j) => `${zero} local.set ${acc(r, j)}`))
      .join('\n')}
    block $taps_done
    loop $tap
      local.get $ntaps i32.eqz br_if $taps_done
      ;; pointers of this tap: A's rows (a + aoff, then + sa each) and B's packed row brow
      local.get $a local.get $taps i32.load i32.add local.set $pa0
      ${range(1, mr)
        .map((r) => `local.get $pa${r - 1} local.get $sa i32.add local.set $pa${r}`)
        .join('\n')}
      local.get $b local.get $taps i32.load offset=4 i32.const ${rowBytes} i32.mul i32.add local.set $pb
      local.get $taps i32.load offset=8 local.set $i
      ${contiguous ? inner(4, 'quad') : ''}
      ${inner(1, 'one')}
      local.get $taps i32.const ${TAP_RECORD} i32.add local.set $taps
      local.get $ntaps i32.const 1 i32.sub local.set $ntaps
      br $tap
    end
    end
    ${range(mr)
      .flatMap((r) =>
        range(cols)
          .map((j) => `local.get $c local.get ${acc(r, j)} ${scalar ? 'f32.store' : 'v128.store'} offset=${16 * j}`)
          .concat([`local.get $c local.get $ldc i32.add local.set $c`]),
      )
      .join('\n')}
  `;
  return {
    name: tileName(mr, nv, contiguous),
    params: TILE_PARAMS,
    locals: [
      ...range(mr).flatMap((r) => range(cols).map((j) => [acc(r, j).slice(1), T] as const)),
      ...range(cols).map((j) => [`b${j}`, T] as const),
      ['s', T],
      ...range(mr).map((r) => [`pa${r}`, 'i32'] as const),
      ['pb', 'i32'],
      ['i', 'i32'],
    ],
    body,
  };
}

/**
 * The driver: for the column blocks of C's n columns (4·NV wide while they fit, then 4, then
 * 1), every plan record
 * (a, c, taps, ntaps, mr) runs its tile kernel on the block's packed B (b + n0·rows·4).
 */
export function driver(contiguous: boolean): WasmFunction {
  const dispatch = (nv: number) =>
    range(MR)
      .map(
        (m) => `
      local.get $mr i32.const ${m + 1} i32.eq
      if
        local.get $ra local.get $sa local.get $ka local.get $bb
        local.get $rt local.get $rn local.get $rc local.get $n0 i32.const 4 i32.mul i32.add local.get $ldc
        call $${tileName(m + 1, nv, contiguous)}
      end`,
      )
      .join('\n');
  const block = (nv: number, width: number, repeat: boolean) => `
    block $done${width}
    loop $cols${width}
      local.get $n0 i32.const ${width} i32.add local.get $n i32.gt_u br_if $done${width}
      local.get $b local.get $n0 local.get $rows i32.mul i32.const 4 i32.mul i32.add local.set $bb
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
    params: [
      ['plan', 'i32'],
      ['count', 'i32'],
      ['sa', 'i32'],
      ['ka', 'i32'],
      ['b', 'i32'],
      ['rows', 'i32'],
      ['ldc', 'i32'],
      ['n', 'i32'],
    ],
    locals: [
      ['n0', 'i32'],
      ['p', 'i32'],
      ['left', 'i32'],
      ['ra', 'i32'],
      ['rc', 'i32'],
      ['rt', 'i32'],
      ['rn', 'i32'],
      ['mr', 'i32'],
      ['bb', 'i32'],
    ],
    body: `${block(NV, 4 * NV, true)} ${NV > 1 ? block(1, 4, false) : ''} ${block(0, 1, true)}`,
  };
}

/**
 * pack(src, P, sP, Q, sQ, sC, n, dst): B's rows r = p·Q + q (p < P, q < Q), row r's column j at
 * src + p·sP + q·sQ + j·sC (bytes; strides may be negative), into the packed layout at dst.
 */
export function packFunction(): WasmFunction {
  return {
    name: 'pack',
    params: [
      ['src', 'i32'],
      ['P', 'i32'],
      ['sP', 'i32'],
      ['Q', 'i32'],
      ['sQ', 'i32'],
      ['sC', 'i32'],
      ['n', 'i32'],
      ['dst', 'i32'],
    ],
    locals: [
      ['n0', 'i32'],
      ['w', 'i32'],
      ['p', 'i32'],
      ['q', 'i32'],
      ['j', 'i32'],
      ['row', 'i32'],
      ['out', 'i32'],
    ],
    body: `
      local.get $dst local.set $out
      block $blocks_done
      loop $blocks
        local.get $n0 local.get $n i32.ge_u br_if $blocks_done
        ;; this block's width: 4·NV if it fits, else 4 if it fits, else 1
        i32.const 1 local.set $w
        local.get $n0 i32.const 4 i32.add local.get $n i32.le_u if i32.const 4 local.set $w end
        local.get $n0 i32.const ${4 * NV} i32.add local.get $n i32.le_u if i32.const ${4 * NV} local.set $w end
        i32.const 0 local.set $p
        block $p_done
        loop $ploop
          local.get $p local.get $P i32.ge_u br_if $p_done
          i32.const 0 local.set $q
          block $q_done
          loop $qloop
            local.get $q local.get $Q i32.ge_u br_if $q_done
            local.get $src local.get $p local.get $sP i32.mul i32.add local.get $q local.get $sQ i32.mul i32.add
            local.get $n0 local.get $sC i32.mul i32.add local.set $row
            i32.const 0 local.set $j
            block $j_done
            loop $jloop
              local.get $j local.get $w i32.ge_u br_if $j_done
              local.get $out local.get $row f32.load f32.store
              local.get $out i32.const 4 i32.add local.set $out
              local.get $row local.get $sC i32.add local.set $row
              local.get $j i32.const 1 i32.add local.set $j
              br $jloop
            end
            end
            local.get $q i32.const 1 i32.add local.set $q
            br $qloop
          end
          end
          local.get $p i32.const 1 i32.add local.set $p
          br $ploop
        end
        end
        local.get $n0 local.get $w i32.add local.set $n0
        br $blocks
      end
      end`,
  };
}

/**
 * copy_rows(src, P, sP, Q, sQ, n, dst): rows r = p·Q + q of n floats, row r from
 * src + p·sP + q·sQ (bytes), to dst + r·n·4 contiguous (a permutation of rows, e.g. NHWC → HWNC).
 */
export function copyRowsFunction(): WasmFunction {
  return {
    name: 'copy_rows',
    params: [
      ['src', 'i32'],
      ['P', 'i32'],
      ['sP', 'i32'],
      ['Q', 'i32'],
      ['sQ', 'i32'],
      ['n', 'i32'],
      ['dst', 'i32'],
    ],
    locals: [
      ['p', 'i32'],
      ['q', 'i32'],
      ['j', 'i32'],
      ['row', 'i32'],
    ],
    body: `
      block $p_done
      loop $ploop
        local.get $p local.get $P i32.ge_u br_if $p_done
        i32.const 0 local.set $q
        block $q_done
        loop $qloop
          local.get $q local.get $Q i32.ge_u br_if $q_done
          local.get $src local.get $p local.get $sP i32.mul i32.add local.get $q local.get $sQ i32.mul i32.add local.set $row
          i32.const 0 local.set $j
          block $v_done
          loop $vloop
            local.get $j i32.const 4 i32.add local.get $n i32.gt_u br_if $v_done
            local.get $dst local.get $row v128.load v128.store
            local.get $dst i32.const 16 i32.add local.set $dst
            local.get $row i32.const 16 i32.add local.set $row
            local.get $j i32.const 4 i32.add local.set $j
            br $vloop
          end
          end
          block $s_done
          loop $sloop
            local.get $j local.get $n i32.ge_u br_if $s_done
            local.get $dst local.get $row f32.load f32.store
            local.get $dst i32.const 4 i32.add local.set $dst
            local.get $row i32.const 4 i32.add local.set $row
            local.get $j i32.const 1 i32.add local.set $j
            br $sloop
          end
          end
          local.get $q i32.const 1 i32.add local.set $q
          br $qloop
        end
        end
        local.get $p i32.const 1 i32.add local.set $p
        br $ploop
      end
      end`,
  };
}

/** Every function of the GEMM module. */
export function gemmFunctions(): WasmFunction[] {
  const out: WasmFunction[] = [];
  for (const contiguous of [true, false]) {
    for (let m = 1; m <= MR; m++) for (const nv of new Set([NV, 1, 0])) out.push(tileKernel(m, nv, contiguous));
    out.push(driver(contiguous));
  }
  out.push(packFunction(), copyRowsFunction());
  return out;
}
