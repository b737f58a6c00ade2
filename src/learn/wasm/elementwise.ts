/**
 * Element-wise and reduction kernels of the fused passes, four floats per instruction. Every
 * one is an exact IEEE float32 operation per element (or a sum in row order per column), so
 * the results are those of the backend's Add, Relu, Step·Multiply and Sum kernels:
 *
 *   bias_relu(z, h, bias, rows, n)   z ← z + bias (per row); if h ≠ 0: h ← relu(z) as XNNPACK's vrelu does it, a
 *                                    signed-integer max of the bits with 0 (−0 → +0; a NaN with the sign bit set → 0,
 *                                    without → kept: 0·(−∞) gives the former on x86)
 *   mask_step(d, z, count)           d ← d · step(z), step(z) = 1 if z > 0, NaN if z is NaN, else 0 (the backend's Step;
 *                                    a product, so −0 and NaN come out as Multiply makes them)
 *   column_sums(m, out, rows, n)     out[c] ← Σ_r m[r, c], from +0, rows in order
 *   scale(dst, src, w, count)        dst ← src · w
 *
 * Addresses are bytes; counts are elements; n is a row's length (columns past a multiple of 4
 * are done one at a time).
 */
import type { WasmFunction } from './assemble.ts';

/** `body` for every element of a [rows, n] matrix: vectors of 4 then single floats ($v: vector path, $s: scalar path). */
function perRow(vectorStep: string, scalarStep: string): string {
  return `
    block $rows_done
    loop $row
      local.get $r local.get $rows i32.ge_u br_if $rows_done
      i32.const 0 local.set $c
      block $vec_done
      loop $vec
        local.get $c i32.const 4 i32.add local.get $n i32.gt_u br_if $vec_done
        local.get $row_off local.get $c i32.const 4 i32.mul i32.add local.set $at
        ${vectorStep}
        local.get $c i32.const 4 i32.add local.set $c
        br $vec
      end
      end
      block $one_done
      loop $one
        local.get $c local.get $n i32.ge_u br_if $one_done
        local.get $row_off local.get $c i32.const 4 i32.mul i32.add local.set $at
        ${scalarStep}
        local.get $c i32.const 1 i32.add local.set $c
        br $one
      end
      end
      local.get $row_off local.get $n i32.const 4 i32.mul i32.add local.set $row_off
      local.get $r i32.const 1 i32.add local.set $r
      br $row
    end
    end`;
}

const loopLocals = [
  ['r', 'i32'],
  ['c', 'i32'],
  ['row_off', 'i32'],
  ['at', 'i32'],
] as const;

function biasRelu(): WasmFunction {
  // $at is the element's byte offset within z's (and h's) row-major layout.
  const vec = `
    local.get $z local.get $at i32.add
    local.get $z local.get $at i32.add v128.load
    local.get $bias local.get $c i32.const 4 i32.mul i32.add v128.load
    f32x4.add local.tee $v
    v128.store
    local.get $h
    if
      local.get $h local.get $at i32.add
      local.get $v i32.const 0 i32x4.splat i32x4.max_s
      v128.store
    end`;
  const one = `
    local.get $z local.get $at i32.add
    local.get $z local.get $at i32.add f32.load
    local.get $bias local.get $c i32.const 4 i32.mul i32.add f32.load
    f32.add local.tee $s
    f32.store
    local.get $h
    if
      local.get $h local.get $at i32.add
      f32.const 0 local.get $s local.get $s i32.reinterpret_f32 i32.const 0 i32.lt_s select
      f32.store
    end`;
  return {
    name: 'bias_relu',
    params: [
      ['z', 'i32'],
      ['h', 'i32'],
      ['bias', 'i32'],
      ['rows', 'i32'],
      ['n', 'i32'],
    ],
    locals: [...loopLocals, ['v', 'v128'], ['s', 'f32']],
    body: perRow(vec, one),
  };
}

function maskStep(): WasmFunction {
  const vec = `
    local.get $d local.get $at i32.add
    local.get $d local.get $at i32.add v128.load
    local.get $z local.get $at i32.add v128.load local.set $v
    local.get $v                                              ;; NaN lanes keep z (NaN)
    local.get $v f32.const 0 f32x4.splat f32x4.gt f32.const 1 f32x4.splat v128.and   ;; else 1 or +0
    local.get $v local.get $v f32x4.ne v128.bitselect
    f32x4.mul v128.store`;
  const one = `
    local.get $d local.get $at i32.add
    local.get $d local.get $at i32.add f32.load
    local.get $z local.get $at i32.add f32.load local.tee $s
    f32.const 1 f32.const 0 local.get $s f32.const 0 f32.gt select
    local.get $s local.get $s f32.ne select
    f32.mul f32.store`;
  return {
    name: 'mask_step',
    params: [
      ['d', 'i32'],
      ['z', 'i32'],
      ['rows', 'i32'],
      ['n', 'i32'],
    ],
    locals: [...loopLocals, ['v', 'v128'], ['s', 'f32']],
    body: perRow(vec, one),
  };
}

function scale(): WasmFunction {
  const vec = `
    local.get $dst local.get $at i32.add
    local.get $src local.get $at i32.add v128.load local.get $w f32x4.splat f32x4.mul v128.store`;
  const one = `
    local.get $dst local.get $at i32.add
    local.get $src local.get $at i32.add f32.load local.get $w f32.mul f32.store`;
  return {
    name: 'scale',
    params: [
      ['dst', 'i32'],
      ['src', 'i32'],
      ['w', 'f32'],
      ['rows', 'i32'],
      ['n', 'i32'],
    ],
    locals: [...loopLocals],
    body: perRow(vec, one),
  };
}

function columnSums(): WasmFunction {
  const sumDown = (vector: boolean) => `
    ${vector ? 'f32.const 0 f32x4.splat local.set $v' : 'f32.const 0 local.set $s'}
    local.get $m local.get $c i32.const 4 i32.mul i32.add local.set $at
    i32.const 0 local.set $r
    block $down_done${vector ? 'v' : 's'}
    loop $down${vector ? 'v' : 's'}
      local.get $r local.get $rows i32.ge_u br_if $down_done${vector ? 'v' : 's'}
      ${vector ? 'local.get $v local.get $at v128.load f32x4.add local.set $v' : 'local.get $s local.get $at f32.load f32.add local.set $s'}
      local.get $at local.get $n i32.const 4 i32.mul i32.add local.set $at
      local.get $r i32.const 1 i32.add local.set $r
      br $down${vector ? 'v' : 's'}
    end
    end
    local.get $out local.get $c i32.const 4 i32.mul i32.add ${vector ? 'local.get $v v128.store' : 'local.get $s f32.store'}`;
  return {
    name: 'column_sums',
    params: [
      ['m', 'i32'],
      ['out', 'i32'],
      ['rows', 'i32'],
      ['n', 'i32'],
    ],
    locals: [
      ['r', 'i32'],
      ['c', 'i32'],
      ['at', 'i32'],
      ['v', 'v128'],
      ['s', 'f32'],
    ],
    body: `
      block $vec_done
      loop $vec
        local.get $c i32.const 4 i32.add local.get $n i32.gt_u br_if $vec_done
        ${sumDown(true)}
        local.get $c i32.const 4 i32.add local.set $c
        br $vec
      end
      end
      block $one_done
      loop $one
        local.get $c local.get $n i32.ge_u br_if $one_done
        ${sumDown(false)}
        local.get $c i32.const 1 i32.add local.set $c
        br $one
      end
      end`,
  };
}

export function elementwiseFunctions(): WasmFunction[] {
  return [biasRelu(), maskStep(), scale(), columnSums(), maxPoolGrad2x2()];
}

/**
 * maxpool_grad_2x2(x, dy, dx, B, OH, OW, C, W): the gradient of a 2×2, stride-2 max pool over full
 * windows (x [B, 2·OH, W, C] with W ≥ 2·OW, dy [B, OH, OW, C]): each window's dy goes to its first
 * maximum in row-major order (a strict > running from −∞, so NaNs never win and a window of NaNs
 * gets nothing), written as 0 + dy; the other three positions get +0 — what
 * kernels/max-pool-grad.ts computes, four channels per instruction (C a multiple of 4).
 */
function maxPoolGrad2x2(): WasmFunction {
  // Positions in the window: (0,0), (0,1), (1,0), (1,1) at byte offsets 0, C·4, W·C·4, (W+1)·C·4.
  const offs = ['i32.const 0', 'local.get $c4', 'local.get $row', 'local.get $row local.get $c4 i32.add'];
  const lane = (k: number) => `local.get $px ${offs[k]} i32.add local.get $ch i32.add v128.load`;
  return {
    name: 'maxpool_grad_2x2',
    params: [
      ['x', 'i32'],
      ['dy', 'i32'],
      ['dx', 'i32'],
      ['B', 'i32'],
      ['OH', 'i32'],
      ['OW', 'i32'],
      ['C', 'i32'],
      ['W', 'i32'],
    ],
    locals: [
      ['b', 'i32'],
      ['oh', 'i32'],
      ['ow', 'i32'],
      ['ch', 'i32'],
      ['c4', 'i32'],
      ['row', 'i32'],
      ['px', 'i32'],
      ['qx', 'i32'],
      ['g', 'i32'],
      ['best', 'v128'],
      ['v', 'v128'],
      ['m', 'v128'],
      ['w0', 'v128'],
      ['w1', 'v128'],
      ['w2', 'v128'],
      ['w3', 'v128'],
      ['d', 'v128'],
    ],
    body: `
      local.get $C i32.const 4 i32.mul local.set $c4
      local.get $W local.get $c4 i32.mul local.set $row
      block $b_done loop $bl
        local.get $b local.get $B i32.ge_u br_if $b_done
        i32.const 0 local.set $oh
        block $oh_done loop $ohl
          local.get $oh local.get $OH i32.ge_u br_if $oh_done
          i32.const 0 local.set $ow
          block $ow_done loop $owl
            local.get $ow local.get $OW i32.ge_u br_if $ow_done
            ;; the window's top-left pixel (byte offset, same in x and dx) and dy's pixel
            local.get $b local.get $OH i32.mul local.get $oh i32.add i32.const 2 i32.mul local.get $W i32.mul
            local.get $ow i32.const 2 i32.mul i32.add local.get $c4 i32.mul local.set $qx
            local.get $b local.get $OH i32.mul local.get $oh i32.add local.get $OW i32.mul local.get $ow i32.add
            local.get $c4 i32.mul local.get $dy i32.add local.set $g
            i32.const 0 local.set $ch
            block $ch_done loop $chl
              local.get $ch local.get $c4 i32.ge_u br_if $ch_done
              local.get $x local.get $qx i32.add local.set $px
              f32.const -inf f32x4.splat local.set $best
              ;; running strict max; w_k = lanes where position k is the current winner
              ${[0, 1, 2, 3]
                .map(
                  (k) => `
              ${lane(k)} local.tee $v local.get $best f32x4.gt local.set $m
              local.get $v local.get $best local.get $m v128.bitselect local.set $best
              ${[0, 1, 2, 3]
                .slice(0, k)
                .map((j) => `local.get $w${j} local.get $m v128.andnot local.set $w${j}`)
                .join(' ')}
              local.get $m local.set $w${k}`,
                )
                .join('\n')}
              local.get $g local.get $ch i32.add v128.load f32.const 0 f32x4.splat f32x4.add local.set $d
              local.get $dx local.get $qx i32.add local.set $px
              ${[0, 1, 2, 3].map((k) => `local.get $px ${offs[k]} i32.add local.get $ch i32.add local.get $d local.get $w${k} v128.and v128.store`).join('\n')}
              local.get $ch i32.const 16 i32.add local.set $ch
              br $chl
            end end
            local.get $ow i32.const 1 i32.add local.set $ow
            br $owl
          end end
          local.get $oh i32.const 1 i32.add local.set $oh
          br $ohl
        end end
        local.get $b i32.const 1 i32.add local.set $b
        br $bl
      end end`,
  };
}
