/**
 * Products with a sparse left operand, for the convolution gradients whose incoming gradient dy
 * is mostly exact zeros (max pooling routes each window's gradient to one of its 4 inputs, and
 * the ReLU mask zeroes more: ≥ 75 % zeros). Each C row is
 *
 *   C[r, 0:w] = Σ_segments Σ_{j in segment} vals[j] · B[b + bbase + idx[j] … + 4w bytes]
 *
 * over the nonzero entries only, in the order they were listed, each product rounded then added
 * from +0 (no fused multiply-add). Skipping an exact zero term leaves a float sum unchanged
 * (x + 0·w = x for finite w), so listing the nonzeros in the dense kernel's order gives the
 * dense kernel's bits (test/learn/conv-wasm.test.ts).
 *
 *   compact_pixels(src, pixels, n, starts, counts, idx, vals, rowBytes)
 *       per pixel p (a row of n floats of src), its nonzeros c ascending: idx = c·rowBytes, vals
 *   compact_channels(src, B, OH, OW, N, Hp, Wp, C, cnt, idx, vals, cap)
 *       per channel n of dy [B, OH, OW, N], its nonzeros in (oh, ow, b) order into list n (at
 *       n·cap): idx = the byte offset ((b·Hp + oh)·Wp + ow)·C·4 of the pixel in a padded x
 *   sparse_taps_{w}(rows, count, starts, counts, idx, vals, b, coff)   rows: (c, center, taps, ntaps),
 *       taps: (pixel offset from center, bbase); a segment is that pixel's list
 *   sparse_list_{w}(rows, count, idx, vals, b, coff)                   rows: (c, start, count, bbase)
 *
 * w = 4·nv columns per call (nv ∈ 1, 2, 4, 8 v128 accumulators), written at c + coff.
 */
import type { WasmFunction } from './assemble.ts';

/** v128 accumulator counts of the sparse kernels (columns = 4·nv). */
export const SPARSE_NV = [8, 4, 2, 1] as const;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The inner loop: j from $j to $end over (idx, vals), B row at $base + idx[j]. */
function segmentLoop(nv: number, label: string): string {
  return `
      block $${label}_done
      loop $${label}
        local.get $j local.get $end i32.ge_u br_if $${label}_done
        local.get $vals local.get $j i32.const 2 i32.shl i32.add v128.load32_splat local.set $s
        local.get $base local.get $idx local.get $j i32.const 2 i32.shl i32.add i32.load i32.add local.set $pb
        ${range(nv)
          .map((v) => `local.get $acc${v} local.get $s local.get $pb v128.load offset=${16 * v} f32x4.mul f32x4.add local.set $acc${v}`)
          .join('\n')}
        local.get $j i32.const 1 i32.add local.set $j
        br $${label}
      end
      end`;
}

const accLocals = (nv: number) => [...range(nv).map((v) => [`acc${v}`, 'v128'] as const), ['s', 'v128'] as const];
const zeroAccs = (nv: number) =>
  range(nv)
    .map((v) => `f32.const 0 f32x4.splat local.set $acc${v}`)
    .join('\n');
const storeAccs = (nv: number) =>
  range(nv)
    .map((v) => `local.get $c local.get $acc${v} v128.store offset=${16 * v}`)
    .join('\n');

function sparseTaps(nv: number): WasmFunction {
  return {
    name: `sparse_taps_${4 * nv}`,
    params: [
      ['rows', 'i32'],
      ['count', 'i32'],
      ['starts', 'i32'],
      ['counts', 'i32'],
      ['idx', 'i32'],
      ['vals', 'i32'],
      ['b', 'i32'],
      ['coff', 'i32'],
    ],
    locals: [
      ...accLocals(nv),
      ['c', 'i32'],
      ['center', 'i32'],
      ['t', 'i32'],
      ['nt', 'i32'],
      ['p', 'i32'],
      ['j', 'i32'],
      ['end', 'i32'],
      ['base', 'i32'],
      ['pb', 'i32'],
    ],
    body: `
      block $rows_done
      loop $row
        local.get $count i32.eqz br_if $rows_done
        local.get $rows i32.load local.get $coff i32.add local.set $c
        local.get $rows i32.load offset=4 local.set $center
        local.get $rows i32.load offset=8 local.set $t
        local.get $rows i32.load offset=12 local.set $nt
        ${zeroAccs(nv)}
        block $taps_done
        loop $tap
          local.get $nt i32.eqz br_if $taps_done
          ;; the tap's pixel and its list of nonzeros
          local.get $center local.get $t i32.load i32.add i32.const 2 i32.shl local.set $p
          local.get $starts local.get $p i32.add i32.load local.tee $j
          local.get $counts local.get $p i32.add i32.load i32.add local.set $end
          local.get $b local.get $t i32.load offset=4 i32.add local.set $base
          ${segmentLoop(nv, 'nz')}
          local.get $t i32.const 8 i32.add local.set $t
          local.get $nt i32.const 1 i32.sub local.set $nt
          br $tap
        end
        end
        ${storeAccs(nv)}
        local.get $rows i32.const 16 i32.add local.set $rows
        local.get $count i32.const 1 i32.sub local.set $count
        br $row
      end
      end`,
  };
}

function sparseList(nv: number): WasmFunction {
  return {
    name: `sparse_list_${4 * nv}`,
    params: [
      ['rows', 'i32'],
      ['count', 'i32'],
      ['idx', 'i32'],
      ['vals', 'i32'],
      ['b', 'i32'],
      ['coff', 'i32'],
    ],
    locals: [...accLocals(nv), ['c', 'i32'], ['j', 'i32'], ['end', 'i32'], ['base', 'i32'], ['pb', 'i32']],
    body: `
      block $rows_done
      loop $row
        local.get $count i32.eqz br_if $rows_done
        local.get $rows i32.load local.get $coff i32.add local.set $c
        local.get $rows i32.load offset=4 local.tee $j
        local.get $rows i32.load offset=8 i32.add local.set $end
        local.get $b local.get $rows i32.load offset=12 i32.add local.set $base
        ${zeroAccs(nv)}
        ${segmentLoop(nv, 'nz')}
        ${storeAccs(nv)}
        local.get $rows i32.const 16 i32.add local.set $rows
        local.get $count i32.const 1 i32.sub local.set $count
        br $row
      end
      end`,
  };
}

/** The nonzero test: f32.ne(v, 0) is 1 for any nonzero or NaN, 0 for ±0. */
function compactPixels(): WasmFunction {
  return {
    name: 'compact_pixels',
    params: [
      ['src', 'i32'],
      ['pixels', 'i32'],
      ['n', 'i32'],
      ['starts', 'i32'],
      ['counts', 'i32'],
      ['idx', 'i32'],
      ['vals', 'i32'],
      ['rowBytes', 'i32'],
    ],
    locals: [
      ['p', 'i32'],
      ['c', 'i32'],
      ['j', 'i32'],
      ['j0', 'i32'],
      ['v', 'f32'],
    ],
    body: `
      block $p_done
      loop $ploop
        local.get $p local.get $pixels i32.ge_u br_if $p_done
        local.get $j local.set $j0
        i32.const 0 local.set $c
        block $c_done
        loop $cloop
          local.get $c local.get $n i32.ge_u br_if $c_done
          local.get $src f32.load local.set $v
          local.get $idx local.get $j i32.const 2 i32.shl i32.add local.get $c local.get $rowBytes i32.mul i32.store
          local.get $vals local.get $j i32.const 2 i32.shl i32.add local.get $v f32.store
          local.get $j local.get $v f32.const 0 f32.ne i32.add local.set $j
          local.get $src i32.const 4 i32.add local.set $src
          local.get $c i32.const 1 i32.add local.set $c
          br $cloop
        end
        end
        local.get $starts local.get $p i32.const 2 i32.shl i32.add local.get $j0 i32.store
        local.get $counts local.get $p i32.const 2 i32.shl i32.add local.get $j local.get $j0 i32.sub i32.store
        local.get $p i32.const 1 i32.add local.set $p
        br $ploop
      end
      end`,
  };
}

function compactChannels(): WasmFunction {
  return {
    name: 'compact_channels',
    params: [
      ['src', 'i32'],
      ['B', 'i32'],
      ['OH', 'i32'],
      ['OW', 'i32'],
      ['N', 'i32'],
      ['Hp', 'i32'],
      ['Wp', 'i32'],
      ['C', 'i32'],
      ['cnt', 'i32'],
      ['idx', 'i32'],
      ['vals', 'i32'],
      ['cap', 'i32'],
    ],
    locals: [
      ['oh', 'i32'],
      ['ow', 'i32'],
      ['b', 'i32'],
      ['n', 'i32'],
      ['at', 'i32'],
      ['off', 'i32'],
      ['k', 'i32'],
      ['slot', 'i32'],
      ['v', 'f32'],
    ],
    body: `
      block $oh_done
      loop $ohl
        local.get $oh local.get $OH i32.ge_u br_if $oh_done
        i32.const 0 local.set $ow
        block $ow_done
        loop $owl
          local.get $ow local.get $OW i32.ge_u br_if $ow_done
          i32.const 0 local.set $b
          block $b_done
          loop $bl
            local.get $b local.get $B i32.ge_u br_if $b_done
            ;; dy's pixel (b, oh, ow) and the padded x pixel's byte offset
            local.get $src local.get $b local.get $OH i32.mul local.get $oh i32.add local.get $OW i32.mul local.get $ow i32.add
            local.get $N i32.mul i32.const 2 i32.shl i32.add local.set $at
            local.get $b local.get $Hp i32.mul local.get $oh i32.add local.get $Wp i32.mul local.get $ow i32.add
            local.get $C i32.mul i32.const 2 i32.shl local.set $off
            i32.const 0 local.set $n
            block $n_done
            loop $nl
              local.get $n local.get $N i32.ge_u br_if $n_done
              local.get $at f32.load local.set $v
              local.get $cnt local.get $n i32.const 2 i32.shl i32.add i32.load local.set $k
              local.get $n local.get $cap i32.mul local.get $k i32.add i32.const 2 i32.shl local.set $slot
              local.get $idx local.get $slot i32.add local.get $off i32.store
              local.get $vals local.get $slot i32.add local.get $v f32.store
              local.get $cnt local.get $n i32.const 2 i32.shl i32.add local.get $k local.get $v f32.const 0 f32.ne i32.add i32.store
              local.get $at i32.const 4 i32.add local.set $at
              local.get $n i32.const 1 i32.add local.set $n
              br $nl
            end
            end
            local.get $b i32.const 1 i32.add local.set $b
            br $bl
          end
          end
          local.get $ow i32.const 1 i32.add local.set $ow
          br $owl
        end
        end
        local.get $oh i32.const 1 i32.add local.set $oh
        br $ohl
      end
      end`,
  };
}

export function sparseFunctions(): WasmFunction[] {
  return [compactPixels(), compactChannels(), ...SPARSE_NV.flatMap((nv) => [sparseTaps(nv), sparseList(nv)])];
}
