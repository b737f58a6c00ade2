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

const loopLocals = [['r', 'i32'], ['c', 'i32'], ['row_off', 'i32'], ['at', 'i32']] as const;

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
    params: [['z', 'i32'], ['h', 'i32'], ['bias', 'i32'], ['rows', 'i32'], ['n', 'i32']],
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
    params: [['d', 'i32'], ['z', 'i32'], ['rows', 'i32'], ['n', 'i32']],
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
    params: [['dst', 'i32'], ['src', 'i32'], ['w', 'f32'], ['rows', 'i32'], ['n', 'i32']],
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
    params: [['m', 'i32'], ['out', 'i32'], ['rows', 'i32'], ['n', 'i32']],
    locals: [['r', 'i32'], ['c', 'i32'], ['at', 'i32'], ['v', 'v128'], ['s', 'f32']],
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
  return [biasRelu(), maskStep(), scale(), columnSums()];
}
