/**
 * Backend selection: tfjs-node when it is installed (optional dependency, native
 * libtensorflow), else wasm (embedded, offline, SIMD), else cpu. `--backend` overrides.
 * On wasm and cpu our gradient kernels (src/learn/kernels) replace the missing or slow
 * shipped ones once the backend is up.
 */
import * as tf from '@tensorflow/tfjs';
import { registerFastKernels } from './kernels/index.ts';

export type BackendName = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

let loaded: Promise<string> | undefined;
let loadedFor: BackendName | undefined;

/** Initialise tfjs on the requested backend (once per process); resolves to the backend that runs. */
export function useBackend(pref: BackendName = 'auto'): Promise<string> {
  if (loaded && loadedFor === pref) return loaded;
  loadedFor = pref;
  loaded = select(pref);
  return loaded;
}

async function select(pref: BackendName): Promise<string> {
  const order: BackendName[] = pref === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [pref];
  const failures: string[] = [];
  for (const name of order) {
    try {
      if (name === 'tensorflow') await import('@tensorflow/tfjs-node' as string);
      if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
      if (await tf.setBackend(name)) {
        await tf.ready();
        registerFastKernels(tf.getBackend());
        return tf.getBackend();
      }
      failures.push(`${name}: setBackend returned false`);
    } catch (e) {
      failures.push(`${name}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`no tfjs backend could start (${failures.join('; ')})`);
}

export { tf };
