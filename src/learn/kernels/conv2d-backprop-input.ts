/**
 * Conv2DBackpropInput (stride 1, dilation 1) as one forward convolution:
 * dx = conv2d(dy, W'), W'[kh,kw,co,ci] = W[KH−1−kh, KW−1−kw, ci, co] (rotated 180°, in/out
 * swapped), padding (K−1−pad_top, K−1−pad_bottom) and likewise for width. Strided or
 * dilated cases go to the shipped kernel. wasm ships a scalar loop for this; its Conv2D is
 * XNNPACK.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { Composer, shippedKernel, type KernelBackend } from './compose.ts';

interface Attrs {
  inputShape: [number, number, number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

export function conv2dBackpropInputKernel(backendName: string): KernelFunc {
  const shipped = shippedKernel('Conv2DBackpropInput', backendName)?.kernelFunc;
  return (args) => {
    const { inputs, attrs, backend } = args;
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const a = attrs as unknown as Attrs;
    const info = tf.backend_util.computeConv2DInfo(
      a.inputShape,
      filter.shape as [number, number, number, number],
      a.strides,
      1,
      a.pad,
      a.dimRoundingMode,
      false,
      'channelsLast',
    );
    const [KH, KW] = [info.filterHeight, info.filterWidth];
    const p = info.padInfo;
    const pads = [KH - 1 - p.top, KH - 1 - p.bottom, KW - 1 - p.left, KW - 1 - p.right];
    const direct = a.dataFormat !== 'NCHW' && info.strideHeight === 1 && info.strideWidth === 1 && pads.every((q) => q >= 0);
    if (!direct) {
      if (!shipped) throw new Error(`Conv2DBackpropInput: no kernel for strided/NCHW case on ${backendName}`);
      return shipped(args);
    }
    const c = new Composer(backend as unknown as KernelBackend, backendName);
    try {
      const rot = c.run('Reverse', { x: filter }, { dims: [0, 1] });
      const wT = c.transpose(rot, [0, 1, 3, 2]);
      const dx = c.run('Conv2D', { x: dy, filter: wT }, {
        strides: [1, 1],
        pad: [
          [0, 0],
          [pads[0], pads[1]],
          [pads[2], pads[3]],
          [0, 0],
        ],
        dataFormat: 'NHWC',
        dilations: [1, 1],
        dimRoundingMode: 'floor',
      } as never);
      return c.keep(dx);
    } finally {
      c.dispose();
    }
  };
}
