/**
 * MaxPoolGrad that is right for every window: the gradient dy of each output goes to the
 * first position (row-major in the window) holding the window's maximum, like the cpu
 * backend (running max starts at −∞). The wasm backend's shipped kernel starts its running
 * max at the smallest *positive* float, so a window whose values are all ≤ 0 never updates
 * it and sends its gradient to the window's first position instead of its maximum —
 * harmless right after a ReLU, wrong anywhere else.
 *
 * The common case — 2×2 windows, stride 2, no padding, channels a multiple of 4 — runs in a
 * WebAssembly SIMD kernel with the same semantics (wasm/elementwise.ts, four channels at a
 * time); any other is a plain loop over the backend's memory.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { kernelsFor } from '../wasm/kernels.ts';
import type { WasmBackendLike } from '../wasm/heap.ts';

interface Attrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** What we need of the wasm backend: output allocation and views on its heap. */
interface WasmBackend extends WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
}

/** Whether the window geometry is the SIMD kernel's: full 2×2 windows at stride 2 tiling x. */
function tiles2x2(info: tf.backend_util.Conv2DInfo): boolean {
  return (
    info.filterHeight === 2 &&
    info.filterWidth === 2 &&
    info.strideHeight === 2 &&
    info.strideWidth === 2 &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0 &&
    info.inHeight === 2 * info.outHeight &&
    info.inWidth === 2 * info.outWidth &&
    info.inChannels % 4 === 0
  );
}

export function maxPoolGradWasmKernel(): KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
    const a = attrs as unknown as Attrs;
    const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
    const be = backend as unknown as WasmBackend;
    const out = be.makeOutput(input.shape, 'float32');
    if (tiles2x2(info)) {
      const at = (t: TensorInfo) => be.dataIdMap.get(t.dataId).memoryOffset;
      kernelsFor(be).maxPoolGrad2x2(at(input), at(dy), at(out), info.batchSize, info.outHeight, info.outWidth, info.inChannels, info.inWidth);
      return out;
    }
    // Views after the allocation: growing the heap would detach earlier ones.
    const x = be.typedArrayFromHeap(input);
    const g = be.typedArrayFromHeap(dy);
    const dx = be.typedArrayFromHeap(out);
    maxPoolBackprop(x, g, dx, info);
    return out;
  };
}

/** dx ← Σ over outputs of dy routed to each window's first argmax (NHWC, no dilation). */
export function maxPoolBackprop(x: Float32Array, dy: Float32Array, dx: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { filterHeight: FH, filterWidth: FW, strideHeight: sH, strideWidth: sW } = info;
  const { top, left } = info.padInfo;
  dx.fill(0);
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const r0 = Math.max(0, oh * sH - top);
      const r1 = Math.min(H, oh * sH - top + FH);
      for (let ow = 0; ow < OW; ow++) {
        const c0 = Math.max(0, ow * sW - left);
        const c1 = Math.min(W, ow * sW - left + FW);
        const gBase = ((b * OH + oh) * OW + ow) * C;
        if (r1 - r0 === 2 && c1 - c0 === 2) {
          window2x2(x, dy, dx, ((b * H + r0) * W + c0) * C, W * C, C, gBase);
          continue;
        }
        // Per channel, scan the window with the running max in locals (strided reads
        // within a few cache lines).
        for (let ch = 0; ch < C; ch++) {
          let best = -Infinity;
          let at = -1;
          for (let r = r0; r < r1; r++) {
            for (let i = ((b * H + r) * W + c0) * C + ch, end = i + (c1 - c0) * C; i < end; i += C) {
              if (x[i] > best) {
                best = x[i];
                at = i;
              }
            }
          }
          if (at >= 0) dx[at] += dy[gBase + ch];
        }
      }
    }
  }
}

/** The common 2×2 window, unrolled: the first maximum in row-major order wins ties. */
function window2x2(x: Float32Array, dy: Float32Array, dx: Float32Array, i00: number, row: number, C: number, gBase: number): void {
  for (let ch = 0; ch < C; ch++) {
    const a = i00 + ch;
    let at = -1;
    let best = -Infinity;
    let v = x[a];
    if (v > best) {
      best = v;
      at = a;
    }
    v = x[a + C];
    if (v > best) {
      best = v;
      at = a + C;
    }
    v = x[a + row];
    if (v > best) {
      best = v;
      at = a + row;
    }
    v = x[a + row + C];
    if (v > best) at = a + row + C;
    if (at >= 0) dx[at] += dy[gBase + ch];
  }
}
