/**
 * Our gradient kernels, registered over the shipped ones (see each file for the trick):
 *
 * | kernel               | wasm                         | cpu                          |
 * |----------------------|------------------------------|------------------------------|
 * | Conv2D               | our tap GEMM, same bits      | —                            |
 * | Conv2DBackpropFilter | tap GEMM (= conv of the      | conv of transposed tensors   |
 * |                      | transposed tensors' bits)    | (the shipped one loops)      |
 * | Conv2DBackpropInput  | tap GEMM with the rotated    | conv with the rotated filter |
 * |                      | filter (same bits)           |                              |
 * | BatchMatMul          | transposes onto the fast path| — (no gain measured)         |
 * | MaxPoolGrad          | correct for windows ≤ 0      | — (shipped one is right)     |
 * | Sum (leading axes)   | shipped Sum on a 2-D view    | —                            |
 * | Identity             | shares the data (refcount)   | — (already does)             |
 * | Slice                | copies the slice, not all x  | — (shipped one is right)     |
 *
 * `registerFastKernels` runs after the backend is initialised (useBackend does it), is
 * idempotent, and keeps the shipped kernels reachable through `shippedKernel` (tests compare
 * against them).
 */
import type { KernelFunc } from '@tensorflow/tfjs';
import { replaceKernel, restoreKernel } from './compose.ts';
import { conv2dBackpropFilterKernel } from './conv2d-backprop-filter.ts';
import { conv2dBackpropInputKernel } from './conv2d-backprop-input.ts';
import { batchMatMulKernel } from './batch-matmul.ts';
import { maxPoolGradWasmKernel } from './max-pool-grad.ts';
import { sumKernel } from './sum.ts';
import { identityKernel } from './identity.ts';
import { conv2dBackpropFilterWasmKernel, conv2dBackpropInputWasmKernel, conv2dWasmKernel } from './conv2d-wasm.ts';
import { shippedKernel } from './compose.ts';
import { sliceWasmKernel } from './slice.ts';

export { shippedKernel } from './compose.ts';

/** Kernel name → factory, per backend. */
export const FAST_KERNELS: Readonly<Record<string, Readonly<Record<string, (backend: string) => KernelFunc>>>> = {
  wasm: {
    Conv2D: () => conv2dWasmKernel(shippedKernel('Conv2D', 'wasm')!.kernelFunc),
    Conv2DBackpropFilter: (b) => conv2dBackpropFilterWasmKernel(conv2dBackpropFilterKernel(b)),
    Conv2DBackpropInput: (b) => conv2dBackpropInputWasmKernel(conv2dBackpropInputKernel(b)),
    BatchMatMul: batchMatMulKernel,
    MaxPoolGrad: () => maxPoolGradWasmKernel(),
    Sum: sumKernel,
    Identity: () => identityKernel(),
    Slice: () => sliceWasmKernel(),
  },
  cpu: {
    Conv2DBackpropFilter: conv2dBackpropFilterKernel,
    Conv2DBackpropInput: conv2dBackpropInputKernel,
  },
};

const active = new Set<string>();

/** Register our kernels on `backend` (no-op for backends we do not patch, e.g. tensorflow). */
export function registerFastKernels(backend: string): readonly string[] {
  const table = FAST_KERNELS[backend] ?? {};
  if (!active.has(backend)) {
    for (const [name, make] of Object.entries(table)) replaceKernel(name, backend, make(backend));
    active.add(backend);
  }
  return Object.keys(table);
}

/** Whether our kernels (and the fused passes built on them) are on for `backend`. */
export function fastKernelsOn(backend: string): boolean {
  return active.has(backend);
}

/** Put the shipped kernels back on `backend` (benchmarks compare "as shipped" with ours). */
export function restoreShippedKernels(backend: string): void {
  if (!active.has(backend)) return;
  for (const name of Object.keys(FAST_KERNELS[backend] ?? {})) restoreKernel(name, backend);
  active.delete(backend);
}
