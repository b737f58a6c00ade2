/**
 * Conv2D, Conv2DBackpropFilter and Conv2DBackpropInput on wasm through our tap GEMM
 * (wasm/conv.ts), in place on the backend's heap: the bits of the backend's XNNPACK
 * convolutions (and of our composite gradient kernels built on them), without creating an
 * XNNPACK operator and packing the filter on every call, without the transposes, and without
 * multiplying the zero padding; the gradients skip dy's zeros too (wasm/conv-sparse.ts). NCHW, and strided or dilated input gradients, go to the kernels
 * registered before (conv2d-backprop-*.ts, or the shipped one).
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { convFilterGradient, convForward, convInputGradient, type ConvGeometry } from '../wasm/conv.ts';
import { kernelsFor } from '../wasm/kernels.ts';
import { convFilterGradientSparse, convInputGradientSparse, sparseApplies } from '../wasm/conv-sparse.ts';
import type { WasmBackendLike } from '../wasm/heap.ts';

interface Backend extends WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  disposeData(dataId: object): boolean;
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
}

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
type Shape4 = [number, number, number, number];

const address = (be: Backend, t: TensorInfo) => be.dataIdMap.get(t.dataId).memoryOffset;

function geometry(info: tf.backend_util.Conv2DInfo): ConvGeometry {
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** Conv2D: y = conv(x, filter). */
export function conv2dWasmKernel(previous: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args;
    const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo };
    const a = attrs as unknown as {
      strides: number | [number, number];
      pad: Pad;
      dataFormat: 'NHWC' | 'NCHW';
      dilations: number | [number, number];
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
    };
    if (a.dataFormat === 'NCHW' || x.dtype !== 'float32') return previous(args);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as Shape4,
      filter.shape as Shape4,
      a.strides,
      a.dilations,
      a.pad,
      a.dimRoundingMode,
      false,
      'channelsLast',
    );
    const be = backend as unknown as Backend;
    const out = be.makeOutput(info.outShape, 'float32');
    convForward(kernelsFor(be), geometry(info), address(be, x), address(be, filter), address(be, out));
    return out;
  };
}

/** Conv2DBackpropFilter: dw from x and dy. */
export function conv2dBackpropFilterWasmKernel(previous: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args;
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const a = attrs as unknown as {
      strides: number | [number, number];
      pad: Pad;
      dataFormat: 'NHWC' | 'NCHW';
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
      filterShape: Shape4;
    };
    if (a.dataFormat === 'NCHW') return previous(args);
    const info = tf.backend_util.computeConv2DInfo(x.shape as Shape4, a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
    const be = backend as unknown as Backend;
    const out = be.makeOutput(a.filterShape, 'float32');
    const g = geometry(info);
    (sparseApplies(g) ? convFilterGradientSparse : convFilterGradient)(kernelsFor(be), g, address(be, x), address(be, dy), address(be, out));
    return out;
  };
}

/** Conv2DBackpropInput (stride 1): dx from dy and the filter. */
export function conv2dBackpropInputWasmKernel(previous: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args;
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const a = attrs as unknown as {
      inputShape: Shape4;
      strides: number | [number, number];
      pad: Pad;
      dataFormat: 'NHWC' | 'NCHW';
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
    };
    const info = tf.backend_util.computeConv2DInfo(a.inputShape, filter.shape as Shape4, a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
    const p = info.padInfo;
    const [KH, KW] = [info.filterHeight, info.filterWidth];
    const direct =
      a.dataFormat !== 'NCHW' &&
      info.strideHeight === 1 &&
      info.strideWidth === 1 &&
      [KH - 1 - p.top, KH - 1 - p.bottom, KW - 1 - p.left, KW - 1 - p.right].every((q) => q >= 0);
    if (!direct) return previous(args);
    const be = backend as unknown as Backend;
    const out = be.makeOutput(a.inputShape, 'float32');
    const g = geometry(info);
    (sparseApplies(g) ? convInputGradientSparse : convInputGradient)(kernelsFor(be), g, address(be, dy), address(be, filter), address(be, out));
    return out;
  };
}
