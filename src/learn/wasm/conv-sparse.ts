/**
 * The two convolution gradients over the nonzeros of dy (sparse.ts): after max pooling and a
 * ReLU, at least 3 of every 4 entries of the gradient reaching a convolution are exact zeros,
 * and skipping them keeps the bits (the same terms, in the same order, as the dense kernels of
 * conv.ts; zero terms leave a float sum unchanged for finite operands).
 *
 *   input grad   dx[b,h,w,c]  = Σ_{kh',kw' valid} Σ_{n: dy≠0} dy[b, h+kh'−q_t, w+kw'−q_l, n] · wr[kh',kw',n,c]
 *                (wr = w rotated by 180°, [KH,KW,N,C]; q = K − 1 − pad; stride 1)
 *   filter grad  dwᵀ[kh,kw,n,c] = Σ_{(oh,ow,b): dy≠0} dy[b,oh,ow,n] · xp[b, oh+kh, ow+kw, c], then dw = dwᵀ
 *                transposed (xp: x zero-padded by the convolution's padding; stride 1)
 *
 * Rows of C are one output pixel (input grad) or one (kh, kw, n) (filter grad), over all of its
 * columns in v128 registers (blocks of up to 32).
 */
import { Workspace } from './heap.ts';
import type { WasmKernels } from './kernels.ts';
import type { ConvGeometry } from './conv.ts';

const scratch = new WeakMap<WasmKernels, Workspace>();
function workspace(kern: WasmKernels): Workspace {
  let ws = scratch.get(kern);
  if (!ws) scratch.set(kern, (ws = new Workspace(kern.heap)));
  return ws;
}

/** Whether the sparse gradients apply: stride and dilation 1, channel counts multiples of 4. */
export function sparseApplies(g: ConvGeometry): boolean {
  return g.strideHeight === 1 && g.strideWidth === 1 && g.dilationHeight === 1 && g.dilationWidth === 1 && g.inChannels % 4 === 0 && g.outChannels % 4 === 0;
}

/** dx (byte address) from dy and the filter w [KH, KW, C, N]. */
export function convInputGradientSparse(kern: WasmKernels, g: ConvGeometry, dy: number, w: number, dx: number): void {
  const { batch: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: N } = g;
  const { filterHeight: KH, filterWidth: KW } = g;
  const [qt, ql] = [KH - 1 - g.padTop, KW - 1 - g.padLeft];
  const pixels = B * OH * OW;
  const at = workspace(kern).layout({
    wr: KH * KW * N * C * 4,
    starts: pixels * 4,
    counts: pixels * 4,
    idx: pixels * N * 4,
    vals: pixels * N * 4,
    rows: B * H * W * 16,
    taps: KH * KW * KH * KW * 8,
  });
  // wr[kh', kw', n, c] = w[KH−1−kh', KW−1−kw', c, n]
  const f32 = kern.heap.f32;
  for (let p = 0; p < KH * KW; p++) {
    const src = (w >> 2) + (KH * KW - 1 - p) * C * N;
    const dst = (at.wr >> 2) + p * N * C;
    for (let c = 0; c < C; c++) for (let n = 0; n < N; n++) f32[dst + n * C + c] = f32[src + c * N + n];
  }
  kern.sparse.compact_pixels(dy, pixels, N, at.starts, at.counts, at.idx, at.vals, C * 4);
  // Tap lists per validity class: (pixel offset from the row's centre, wr's row (kh', kw', 0) in bytes).
  const i32 = kern.heap.i32;
  const lists = new Map<string, [number, number]>();
  let tapsEnd = at.taps;
  const listOf = (h0: number, h1: number, w0: number, w1: number): [number, number] => {
    const key = `${h0},${h1},${w0},${w1}`;
    let l = lists.get(key);
    if (!l) {
      const start = tapsEnd;
      for (let kh = h0; kh < h1; kh++) {
        for (let kw = w0; kw < w1; kw++) {
          i32[tapsEnd >> 2] = (kh - qt) * OW + (kw - ql);
          i32[(tapsEnd >> 2) + 1] = (kh * KW + kw) * N * C * 4;
          tapsEnd += 8;
        }
      }
      lists.set(key, (l = [start, (tapsEnd - start) / 8]));
    }
    return l;
  };
  let r = at.rows >> 2;
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const [h0, h1] = range(h, qt, OH, KH);
      for (let x = 0; x < W; x++) {
        const [w0, w1] = range(x, ql, OW, KW);
        const [taps, ntaps] = listOf(h0, h1, w0, w1);
        i32[r] = dx + ((b * H + h) * W + x) * C * 4;
        i32[r + 1] = (b * OH + h) * OW + x;
        i32[r + 2] = taps;
        i32[r + 3] = ntaps;
        r += 4;
      }
    }
  }
  kern.sparseBlocks(C, (k, off) => k(at.rows, B * H * W, at.starts, at.counts, at.idx, at.vals, at.wr + off, off), 'taps');
}

/** The kernel offsets k < count with 0 ≤ o + k − q < size: [lo, hi). */
function range(o: number, q: number, size: number, count: number): [number, number] {
  const lo = Math.max(0, q - o);
  const hi = Math.min(count, size + q - o);
  return [lo, Math.max(lo, hi)];
}

/** dw (byte address, [KH, KW, C, N]) from x and dy. */
export function convFilterGradientSparse(kern: WasmKernels, g: ConvGeometry, x: number, dy: number, dw: number): void {
  const { batch: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: N } = g;
  const { filterHeight: KH, filterWidth: KW } = g;
  const [Hp, Wp] = [OH + KH - 1, OW + KW - 1];
  const cap = B * OH * OW;
  const at = workspace(kern).layout({
    xp: B * Hp * Wp * C * 4,
    cnt: N * 4,
    idx: N * cap * 4,
    vals: N * cap * 4,
    rows: KH * KW * N * 16,
    dwt: KH * KW * N * C * 4,
  });
  const f32 = kern.heap.f32;
  f32.fill(0, at.xp >> 2, (at.xp >> 2) + B * Hp * Wp * C);
  // xp[b, ih + top, iw + left, :] = x[b, ih, iw, :] where that lands inside xp.
  const [i0, i1] = [Math.max(0, -g.padTop), Math.min(H, Hp - g.padTop)];
  const [j0, j1] = [Math.max(0, -g.padLeft), Math.min(W, Wp - g.padLeft)];
  for (let b = 0; b < B && j1 > j0; b++) {
    for (let ih = i0; ih < i1; ih++) {
      const src = x + ((b * H + ih) * W + j0) * C * 4;
      kern.copyRows(src, j1 - j0, C * 4, 1, 0, C, at.xp + ((b * Hp + ih + g.padTop) * Wp + j0 + g.padLeft) * C * 4);
    }
  }
  f32.fill(0, at.cnt >> 2, (at.cnt >> 2) + N);
  kern.sparse.compact_channels(dy, B, OH, OW, N, Hp, Wp, C, at.cnt, at.idx, at.vals, cap);
  const i32 = kern.heap.i32;
  let r = at.rows >> 2;
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      for (let n = 0; n < N; n++) {
        i32[r] = at.dwt + ((kh * KW + kw) * N + n) * C * 4;
        i32[r + 1] = n * cap;
        i32[r + 2] = i32[(at.cnt >> 2) + n];
        i32[r + 3] = (kh * Wp + kw) * C * 4;
        r += 4;
      }
    }
  }
  kern.sparseBlocks(C, (k, off) => k(at.rows, KH * KW * N, at.idx, at.vals, at.xp + off, off), 'list');
  // dw[kh, kw, c, n] = dwᵀ[kh, kw, n, c]
  const out = kern.heap.f32;
  for (let p = 0; p < KH * KW; p++) {
    const s = (at.dwt >> 2) + p * N * C;
    const d = (dw >> 2) + p * C * N;
    for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) out[d + c * N + n] = out[s + n * C + c];
  }
}
