/**
 * MaxPoolGrad that is right for every window: the gradient dy of each output goes to the
 * first position (row-major in the window) holding the window's maximum, like the cpu
 * backend (running max starts at −∞). The wasm backend's shipped kernel starts its running
 * max at the smallest *positive* float, so a window whose values are all ≤ 0 never updates
 * it and sends its gradient to the window's first position instead of its maximum —
 * harmless right after a ReLU, wrong anywhere else.
 *
 * A plain loop over the backend's memory: pooling gradients cost O(outputs × window), a few
 * ms at most next to the convolutions.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';

interface Attrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** What we need of the wasm backend: output allocation and views on its heap. */
interface WasmBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
}

export function maxPoolGradWasmKernel(): KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
    const a = attrs as unknown as Attrs;
    const info = tf.backend_util.computePool2DInfo(
      input.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode,
    );
    const be = backend as unknown as WasmBackend;
    const out = be.makeOutput(input.shape, 'float32');
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
  const best = new Float32Array(C);
  const at = new Int32Array(C);
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const r0 = oh * sH - top;
      for (let ow = 0; ow < OW; ow++) {
        const c0 = ow * sW - left;
        best.fill(-Infinity);
        at.fill(-1);
        for (let r = Math.max(0, r0); r < Math.min(H, r0 + FH); r++) {
          for (let q = Math.max(0, c0); q < Math.min(W, c0 + FW); q++) {
            const base = ((b * H + r) * W + q) * C;
            for (let ch = 0; ch < C; ch++) {
              const v = x[base + ch];
              if (v > best[ch]) {
                best[ch] = v;
                at[ch] = base + ch;
              }
            }
          }
        }
        const gBase = ((b * OH + oh) * OW + ow) * C;
        for (let ch = 0; ch < C; ch++) if (at[ch] >= 0) dx[at[ch]] += dy[gBase + ch];
      }
    }
  }
}
