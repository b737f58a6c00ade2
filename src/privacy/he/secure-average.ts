/**
 * Secure averaging under CKKS (the homomorphic FedAvg of BatchCrypt, Zhang et al., USENIX ATC
 * 2020 — there with Paillier on quantised gradients; here with CKKS on the real values): every
 * worker packs its d values into ⌈d / slots⌉ ciphertexts and encrypts them under the shared
 * public key; the server adds the n ciphertexts of each block without decrypting; one
 * key-holding party decrypts and decodes the sums and divides by n (a plaintext scalar).
 *
 * Blocks are processed one at a time (each worker encrypts block b, the server folds it into its
 * running sum, the ciphertexts are freed), so memory stays at n + 1 ciphertexts whatever d; the
 * work is the same as encrypting everything first. The caller's clock times each phase:
 * encryption per worker (encoding included), the server's additions, decryption with decoding.
 */
import type { CipherText, Ckks, PlainText } from './ckks.ts';

export interface SecureAverage {
  /** The decrypted average, in float64. */
  readonly average: Float64Array;
  /** Each worker's total encode + encrypt time, in ms. */
  readonly encryptMs: readonly number[];
  /** The server's homomorphic additions, in ms. */
  readonly addMs: number;
  /** Decryption and decoding of every block, in ms. */
  readonly decryptMs: number;
  /** Ciphertexts per worker: ⌈d / slots⌉. */
  readonly blocks: number;
}

/** Average `inputs` (n vectors of one length d) under encryption; `clock` returns ms (e.g. performance.now). */
export function secureAverage(he: Ckks, inputs: readonly Float32Array[], clock: () => number): SecureAverage {
  const n = inputs.length;
  const d = inputs[0].length;
  const { encoder, encryptor, decryptor, evaluator, slots, scale } = he;
  const blocks = Math.ceil(d / slots);
  const encryptMs = new Array<number>(n).fill(0);
  let addMs = 0;
  let decryptMs = 0;
  const average = new Float64Array(d);
  const chunk = new Float64Array(slots);
  for (let b = 0; b < blocks; b++) {
    const lo = b * slots;
    const len = Math.min(slots, d - lo);
    let sum: CipherText | undefined;
    for (let i = 0; i < n; i++) {
      const values = len === slots ? chunk : chunk.subarray(0, len);
      for (let k = 0; k < len; k++) values[k] = inputs[i][lo + k];
      const t0 = clock();
      const plain = encoder.encode(values, scale) as PlainText;
      const cipher = encryptor.encrypt(plain) as CipherText;
      encryptMs[i] += clock() - t0;
      plain.delete();
      if (sum === undefined) sum = cipher;
      else {
        const t1 = clock();
        evaluator.add(sum, cipher, sum);
        addMs += clock() - t1;
        cipher.delete();
      }
    }
    const t2 = clock();
    const plainSum = decryptor.decrypt(sum!) as PlainText;
    const decoded = encoder.decode(plainSum);
    decryptMs += clock() - t2;
    for (let k = 0; k < len; k++) average[lo + k] = decoded[k] / n;
    plainSum.delete();
    sum!.delete();
  }
  return { average, encryptMs, addMs, decryptMs, blocks };
}
