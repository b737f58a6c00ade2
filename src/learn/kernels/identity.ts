/**
 * Identity without a copy: the engine clones every tensor it saves for the backward pass,
 * and wasm's shipped Identity copies the data each time (up to 100 MB a step for the CNN at
 * batch 500). Tensor data is immutable, so the clone can share it with a reference count,
 * as the cpu backend and wasm's own Reshape do.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';

export function identityKernel(): KernelFunc {
  return ({ inputs, backend }) => {
    const { x } = inputs as { x: TensorInfo };
    (backend as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}
