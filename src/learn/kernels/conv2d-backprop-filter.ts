/**
 * Conv2DBackpropFilter as one forward convolution of transposed tensors.
 *
 * dW[kh,kw,ci,co] = Σ_{b,oh,ow} x[b, oh·s_h + kh − pad_top, ow·s_w + kw − pad_left, ci] · dy[b,oh,ow,co]
 *
 * Read x' = xᵀ [ci, H, W, b] as a batch of ci images with b channels and dy' [OH, OW, b, co] as
 * a filter: then dW' = conv2d(x', dy', stride 1, dilation s, the forward padding) has shape
 * [ci, KH, KW, co] and dW = dW'ᵀ [KH, KW, ci, co]. The wasm backend has no
 * Conv2DBackpropFilter at all, and the cpu one is a scalar loop; their Conv2D is fast.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { Composer, shippedKernel, type KernelBackend } from './compose.ts';

interface Attrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

export function conv2dBackpropFilterKernel(backendName: string): KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const a = attrs as unknown as Attrs;
    if (a.dataFormat === 'NCHW') return shippedOrThrow(backendName)({ inputs, attrs, backend });
    const [KH, KW, ,] = a.filterShape;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      a.filterShape,
      a.strides,
      1,
      a.pad,
      a.dimRoundingMode,
      false,
      'channelsLast',
    );
    const { top, left } = info.padInfo;
    const [sH, sW] = [info.strideHeight, info.strideWidth];
    const [H, W] = [info.inHeight, info.inWidth];
    const [OH, OW] = [info.outHeight, info.outWidth];
    // Bottom/right padding that makes the output exactly KH × KW (negative: crop after).
    const bottom = KH + (OH - 1) * sH - H - top;
    const right = KW + (OW - 1) * sW - W - left;
    const c = new Composer(backend as unknown as KernelBackend, backendName);
    try {
      const xT = c.transpose(x, [3, 1, 2, 0]);
      const dyT = c.transpose(dy, [1, 2, 0, 3]);
      let g = c.run('Conv2D', { x: xT, filter: dyT }, {
        strides: [1, 1],
        pad: [
          [0, 0],
          [top, Math.max(0, bottom)],
          [left, Math.max(0, right)],
          [0, 0],
        ],
        dataFormat: 'NHWC',
        dilations: [sH, sW],
        dimRoundingMode: 'floor',
      } as never);
      if (g.shape[1] !== KH || g.shape[2] !== KW) {
        g = c.run('Slice', { x: g }, { begin: [0, 0, 0, 0], size: [g.shape[0], KH, KW, g.shape[3]] });
      }
      return c.keep(c.transpose(g, [1, 2, 0, 3]));
    } finally {
      c.dispose();
    }
  };
}

function shippedOrThrow(backendName: string): KernelFunc {
  const k = shippedKernel('Conv2DBackpropFilter', backendName);
  if (!k) throw new Error(`Conv2DBackpropFilter: only NHWC is supported on ${backendName}`);
  return k.kernelFunc;
}
