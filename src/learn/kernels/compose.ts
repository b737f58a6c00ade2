/**
 * Composing kernels from other kernels, inside a backend: a registered kernel receives
 * `{inputs, attrs, backend}` and may call the backend's *shipped* kernel functions directly
 * (no engine, no tape), as the backends' own composite kernels do. Intermediate results are
 * backend data that we must free ourselves (`backend.disposeData`).
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

/** The kernels as shipped, saved before we replace any: backend → kernel name → config. */
const shippedConfigs = new Map<string, Map<string, KernelConfig>>();

/** The shipped kernel `name` of `backend` (the one registered before ours), if any. */
export function shippedKernel(name: string, backend: string): KernelConfig | undefined {
  return shippedConfigs.get(backend)?.get(name) ?? tf.getKernel(name, backend);
}

/** Replace (or add) the kernel `name` on `backend`, remembering the shipped one once. */
export function replaceKernel(name: string, backend: string, kernelFunc: KernelFunc): void {
  let saved = shippedConfigs.get(backend);
  if (!saved) shippedConfigs.set(backend, (saved = new Map()));
  const current = tf.getKernel(name, backend);
  if (!saved.has(name) && current) saved.set(name, current);
  if (current) tf.unregisterKernel(name, backend);
  tf.registerKernel({ kernelName: name, backendName: backend, kernelFunc });
}

/** Re-register the shipped kernel `name` on `backend` (or remove ours if none shipped). */
export function restoreKernel(name: string, backend: string): void {
  const shipped = shippedConfigs.get(backend)?.get(name);
  if (tf.getKernel(name, backend)) tf.unregisterKernel(name, backend);
  if (shipped) tf.registerKernel(shipped);
}

/** The part of a backend we use: both cpu and wasm backends have these. */
export interface KernelBackend {
  disposeData(dataId: object, force?: boolean): boolean;
}

/** Calls shipped kernels of one backend and frees the intermediates it made. */
export class Composer {
  private readonly made: TensorInfo[] = [];
  constructor(
    readonly backend: KernelBackend,
    readonly backendName: string,
  ) {}

  /** Run the shipped kernel `name`; its output is freed by `dispose` unless `keep`-ed. */
  run(name: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap): TensorInfo {
    const k = shippedKernel(name, this.backendName);
    if (!k) throw new Error(`kernels: ${name} is not registered on ${this.backendName}`);
    const out = k.kernelFunc({ inputs, attrs, backend: this.backend as never }) as TensorInfo;
    this.made.push(out);
    return out;
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  /** Mark `t` as the result: it will not be freed. */
  keep(t: TensorInfo): TensorInfo {
    const i = this.made.lastIndexOf(t);
    if (i >= 0) this.made.splice(i, 1);
    return t;
  }

  dispose(): void {
    for (const t of this.made) this.backend.disposeData(t.dataId);
    this.made.length = 0;
  }
}
