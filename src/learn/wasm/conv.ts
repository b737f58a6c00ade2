/**
 * 2-D convolutions (NHWC, filters [KH, KW, C, N]) and their two gradients as tap plans for the
 * tap GEMM (gemm.ts). Each sums, per output element, exactly the terms XNNPACK's indirect GEMM
 * sums for the formulation the wasm backend runs today, in the same order:
 *
 *   forward        y[b,oh,ow,n]  = Σ_{kh,kw} Σ_c  x[b, oh·sH+kh·dH−top, ow·sW+kw·dW−left, c] · w[kh,kw,c,n]
 *   filter grad    dw[kh,kw,c,n] = Σ_{oh,ow} Σ_b  x[b, oh·sH+kh−top, ow·sW+kw−left, c] · dy[b,oh,ow,n]
 *                  (the forward convolution of xᵀ [c,H,W,b] with dyᵀ [OH,OW,b,n] dilated by s:
 *                  kernels/conv2d-backprop-filter.ts)
 *   input grad     dx = forward convolution of dy with w rotated by 180° and transposed
 *                  [KH,KW,N,C], padding K−1−pad, stride 1 (kernels/conv2d-backprop-input.ts)
 *
 * kernel positions row-major, channels ascending within a position, each element from +0.
 * Positions that fall in the zero padding are skipped rather than multiplied by zero, which is
 * the same float for finite operands (x + 0·w = x) and saves 8–16 % of the work at 28×28 and
 * 14×14 with 5×5 filters. (With an infinite weight XNNPACK's 0·∞ gives NaN at the border where
 * we give the sum of the other terms: the gradient is non-finite either way.)
 *
 * Taps are long: in NHWC the (kw, c) terms of one kernel row are contiguous in x and in w, so
 * the forward pass has one tap per kernel row (K = valid kw × C); the filter gradient reads x
 * as [H, W, B, C] (one copy) so that one output row's (ow, b) terms are contiguous too (one tap
 * per output row, K = valid ow × B). Tiles are 4 images at one output position (forward), 4
 * channels at one kernel position (filter gradient), or, with fewer than 4 channels, 4 kernel
 * columns over a copy of x zero-padded in width (the padding then adds exact zeros).
 */
import { MR } from './gemm.ts';
import { Workspace } from './heap.ts';
import type { Rows, Tile, WasmKernels } from './kernels.ts';

/** The geometry of a convolution (computeConv2DInfo's fields, NHWC). */
export interface ConvGeometry {
  readonly batch: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly inChannels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly outChannels: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/** The valid range [lo, hi) of k with 0 ≤ o·s + k·d − pad < size. */
function validRange(o: number, s: number, d: number, pad: number, size: number, count: number): [number, number] {
  let lo = 0;
  while (lo < count && o * s + lo * d - pad < 0) lo++;
  let hi = count;
  while (hi > lo && o * s + (hi - 1) * d - pad >= size) hi--;
  return [lo, hi];
}

/** Tap lists (aoff, brow, K triples) shared by key, and their indices. */
class TapLists {
  readonly lists: Int32Array[] = [];
  private readonly byKey = new Map<string, number>();

  index(key: string, make: () => number[]): number {
    let i = this.byKey.get(key);
    if (i === undefined) {
      i = this.lists.length;
      this.lists.push(Int32Array.from(make()));
      this.byKey.set(key, i);
    }
    return i;
  }
}

const scratch = new WeakMap<WasmKernels, Workspace>();
function workspace(kern: WasmKernels): Workspace {
  let ws = scratch.get(kern);
  if (!ws) scratch.set(kern, (ws = new Workspace(kern.heap)));
  return ws;
}

/** y = conv(x, w): x, w, y are byte addresses of float32 tensors on the kernels' heap. */
export function convForward(kern: WasmKernels, g: ConvGeometry, x: number, w: number, y: number): void {
  convolve(kern, g, x, { src: w, P: g.filterHeight * g.filterWidth * g.inChannels, sP: g.outChannels * 4, Q: 1, sQ: 0, sC: 4, n: g.outChannels }, y);
}

/** The forward convolution with the filter given as B's rows ((kh, kw, c) → a row of N). */
function convolve(kern: WasmKernels, g: ConvGeometry, x: number, filterRows: Rows, y: number): void {
  const { batch: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: N } = g;
  const { filterHeight: KH, filterWidth: KW, strideHeight: sH, strideWidth: sW, dilationHeight: dH, dilationWidth: dW } = g;
  const lists = new TapLists();
  const tiles: Tile[] = [];
  for (let oh = 0; oh < OH; oh++) {
    const [h0, h1] = validRange(oh, sH, dH, g.padTop, H, KH);
    for (let ow = 0; ow < OW; ow++) {
      const [w0, w1] = validRange(ow, sW, dW, g.padLeft, W, KW);
      const taps = lists.index(`${h0},${h1},${w0},${w1}`, () => {
        const t: number[] = [];
        for (let kh = h0; kh < h1; kh++) {
          // Without width dilation a kernel row's valid (kw, c) terms are one contiguous run.
          if (dW === 1) {
            if (w1 > w0) t.push((kh * dH * W + w0) * C * 4, (kh * KW + w0) * C, (w1 - w0) * C);
          } else for (let kw = w0; kw < w1; kw++) t.push((kh * dH * W + kw * dW) * C * 4, (kh * KW + kw) * C, C);
        }
        return t;
      });
      // A's origin for this output position (may lie outside the image: only valid taps are added).
      const origin = ((oh * sH - g.padTop) * W + (ow * sW - g.padLeft)) * C * 4;
      for (let b0 = 0; b0 < B; b0 += MR) {
        tiles.push({ a: x + b0 * H * W * C * 4 + origin, c: y + ((b0 * OH + oh) * OW + ow) * N * 4, mr: Math.min(MR, B - b0), taps });
      }
    }
  }
  kern.taps({ tiles, tapLists: lists.lists, sa: H * W * C * 4, ka: 4, B: filterRows, ldc: OH * OW * N * 4 });
}

/**
 * dx = the input gradient (stride 1, dilation 1): the forward convolution of dy with the filter
 * rotated by 180° and transposed, wr[kh,kw,n,c] = w[KH−1−kh, KW−1−kw, c, n] (read through
 * strides when B is packed: positions backwards, channels n as rows, c as columns), padding
 * K − 1 − pad.
 */
export function convInputGradient(kern: WasmKernels, g: ConvGeometry, dy: number, w: number, dx: number): void {
  const { filterHeight: KH, filterWidth: KW, inChannels: C, outChannels: N } = g;
  const rotated: Rows = { src: w + (KH * KW - 1) * C * N * 4, P: KH * KW, sP: -C * N * 4, Q: N, sQ: 4, sC: N * 4, n: C };
  convolve(
    kern,
    {
      batch: g.batch,
      inHeight: g.outHeight,
      inWidth: g.outWidth,
      inChannels: g.outChannels,
      outHeight: g.inHeight,
      outWidth: g.inWidth,
      outChannels: g.inChannels,
      filterHeight: KH,
      filterWidth: KW,
      strideHeight: 1,
      strideWidth: 1,
      dilationHeight: 1,
      dilationWidth: 1,
      padTop: KH - 1 - g.padTop,
      padLeft: KW - 1 - g.padLeft,
    },
    dy,
    rotated,
    dx,
  );
}

/** dw = the filter gradient from x and dy (byte addresses); dilation is 1. */
export function convFilterGradient(kern: WasmKernels, g: ConvGeometry, x: number, dy: number, dw: number): void {
  const { batch: B, outHeight: OH, outWidth: OW, outChannels: N } = g;
  // B's rows are dy's pixels position-major, batch inner: row (oh·OW + ow)·B + b.
  const dyRows: Rows = { src: dy, P: OH * OW, sP: N * 4, Q: B, sQ: OH * OW * N * 4, sC: 4, n: N };
  if (g.strideWidth !== 1) return filterGradientStrided(kern, g, x, dyRows, dw);
  if (g.inChannels >= MR) return filterGradientByChannels(kern, g, x, dyRows, dw);
  return filterGradientByColumns(kern, g, x, dyRows, dw);
}

/** Rows (4 channels at one kernel position) over x as [H, W, B, C]; one tap per valid output row. */
function filterGradientByChannels(kern: WasmKernels, g: ConvGeometry, x: number, dyRows: Rows, dw: number): void {
  const { batch: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: N } = g;
  const { filterHeight: KH, filterWidth: KW, strideHeight: sH } = g;
  const at = workspace(kern).layout({ xt: H * W * B * C * 4 });
  kern.copyRows(x, H * W, C * 4, B, H * W * C * 4, C, at.xt); // xt[ih, iw, b, c]
  const lists = new TapLists();
  const tiles: Tile[] = [];
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      const [ow0, ow1] = validRange(kw, 1, 1, g.padLeft, W, OW); // iw = ow + kw − left inside the image
      const taps = lists.index(`${kh},${kw}`, () => {
        const t: number[] = [];
        for (let oh = 0; oh < OH; oh++) {
          const ih = oh * sH + kh - g.padTop;
          if (ih >= 0 && ih < H && ow1 > ow0) t.push((oh * sH * W + ow0) * B * C * 4, (oh * OW + ow0) * B, (ow1 - ow0) * B);
        }
        return t;
      });
      const origin = ((kh - g.padTop) * W + (kw - g.padLeft)) * B * C * 4;
      for (let c0 = 0; c0 < C; c0 += MR) {
        tiles.push({ a: at.xt + origin + c0 * 4, c: dw + ((kh * KW + kw) * C + c0) * N * 4, mr: Math.min(MR, C - c0), taps });
      }
    }
  }
  kern.taps({ tiles, tapLists: lists.lists, sa: 4, ka: C * 4, B: dyRows, ldc: N * 4 });
}

/**
 * Rows (4 kernel columns at one kernel row and channel) over x as [H, OW+KW−1, B, C], zero-padded
 * in width so that every column sees every output column; one tap per valid output row.
 */
function filterGradientByColumns(kern: WasmKernels, g: ConvGeometry, x: number, dyRows: Rows, dw: number): void {
  const { batch: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: N } = g;
  const { filterHeight: KH, filterWidth: KW, strideHeight: sH } = g;
  const Wp = OW + KW - 1;
  const at = workspace(kern).layout({ xt: H * Wp * B * C * 4 });
  const f32 = kern.heap.f32;
  f32.fill(0, at.xt >> 2, (at.xt >> 2) + H * Wp * B * C);
  // Padded column iw' holds x's column iw' − left.
  const first = Math.max(0, g.padLeft);
  const last = Math.min(Wp, W + g.padLeft);
  for (let ih = 0; ih < H; ih++) {
    if (last > first) kern.copyRows(x + (ih * W + first - g.padLeft) * C * 4, last - first, C * 4, B, H * W * C * 4, C, at.xt + (ih * Wp + first) * B * C * 4);
  }
  const lists = new TapLists();
  const tiles: Tile[] = [];
  for (let kh = 0; kh < KH; kh++) {
    const taps = lists.index(`${kh}`, () => {
      const t: number[] = [];
      for (let oh = 0; oh < OH; oh++) {
        const ih = oh * sH + kh - g.padTop;
        if (ih >= 0 && ih < H) t.push(oh * sH * Wp * B * C * 4, oh * OW * B, OW * B);
      }
      return t;
    });
    for (let c = 0; c < C; c++) {
      for (let kw0 = 0; kw0 < KW; kw0 += MR) {
        tiles.push({
          a: at.xt + ((kh - g.padTop) * Wp + kw0) * B * C * 4 + c * 4,
          c: dw + ((kh * KW + kw0) * C + c) * N * 4,
          mr: Math.min(MR, KW - kw0),
          taps,
        });
      }
    }
  }
  kern.taps({ tiles, tapLists: lists.lists, sa: B * C * 4, ka: C * 4, B: dyRows, ldc: C * N * 4 });
}

/** Any stride: rows are 4 channels at one kernel position, one tap per valid output pixel (K = B). */
function filterGradientStrided(kern: WasmKernels, g: ConvGeometry, x: number, dyRows: Rows, dw: number): void {
  const { batch: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: N } = g;
  const { filterHeight: KH, filterWidth: KW, strideHeight: sH, strideWidth: sW } = g;
  const lists = new TapLists();
  const tiles: Tile[] = [];
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      const taps = lists.index(`${kh},${kw}`, () => {
        const t: number[] = [];
        for (let oh = 0; oh < OH; oh++) {
          const ih = oh * sH + kh - g.padTop;
          if (ih < 0 || ih >= H) continue;
          for (let ow = 0; ow < OW; ow++) {
            const iw = ow * sW + kw - g.padLeft;
            if (iw >= 0 && iw < W) t.push((oh * sH * W + ow * sW) * C * 4, (oh * OW + ow) * B, B);
          }
        }
        return t;
      });
      const origin = ((kh - g.padTop) * W + (kw - g.padLeft)) * C * 4;
      for (let c0 = 0; c0 < C; c0 += MR) {
        tiles.push({ a: x + origin + c0 * 4, c: dw + ((kh * KW + kw) * C + c0) * N * 4, mr: Math.min(MR, C - c0), taps });
      }
    }
  }
  kern.taps({ tiles, tapLists: lists.lists, sa: 4, ka: H * W * C * 4, B: dyRows, ldc: N * 4 });
}
