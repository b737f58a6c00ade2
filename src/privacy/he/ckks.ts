/**
 * CKKS (Cheon, Kim, Kim, Song, ASIACRYPT 2017: approximate arithmetic on encrypted real
 * vectors) through Microsoft SEAL 4.1 compiled to WebAssembly (`node-seal`, npm). One
 * ciphertext packs N/2 real values (slots); additions and multiplications act slot-wise.
 *
 * Parameter sets (both at 128-bit security: SEAL's `CoeffModulus.MaxBitCount(N, tc128)` — the
 * HomomorphicEncryption.org standard table SEAL enforces — is 218 bits at N = 8192 and 438 at
 * N = 16384; the context is built with `SecurityLevel.tc128`, so SEAL refuses anything weaker):
 * - `AVERAGING`: N = 8192 (4096 slots), coefficient moduli 60 + 40 + 60 bits (100-bit data
 *   modulus plus SEAL's special prime), scale 2⁴⁰. SEAL's `examples/5_ckks_basics.cpp` uses
 *   N = 8192, {60, 40, 40, 60}, scale 2⁴⁰; averaging needs no multiplication, hence no rescaling,
 *   so one 40-bit level is dropped. 60 − 40 = 20 bits above the scale hold the integer part of a
 *   sum of n values (|Σ| < 2¹⁹).
 * - `COMPARISON`: N = 16384 (8192 slots), 60 + 7 × 40 + 60 = 400 bits ≤ 438, scale 2⁴⁰: seven
 *   multiplicative levels, what the encrypted maximum of comparison.ts consumes (two compositions
 *   of a degree-7 polynomial, depth 3 each, plus one multiplication).
 *
 * SEAL draws its encryption randomness from its own CSPRNG (Blake2, seeded by the OS), not from a
 * named stream: ciphertexts differ from run to run, and so do the decrypted values in their last
 * bits (CKKS is approximate). Nothing a simulation reports depends on them; `byzsim cost` reports
 * wall times and the maximum decryption error.
 */
import type { CipherText } from 'node-seal/implementation/cipher-text.js';
import type { PlainText } from 'node-seal/implementation/plain-text.js';
import type { SEALLibrary } from 'node-seal/implementation/seal.js';

export type { CipherText, PlainText };

export interface CkksParams {
  /** Short name printed with the figures. */
  readonly name: string;
  /** Ring dimension N (a power of 2); slots = N/2. */
  readonly polyModulusDegree: number;
  /** Bit sizes of the coefficient-modulus primes (the last is SEAL's special prime for key switching). */
  readonly coeffBits: readonly number[];
  /** log₂ of the encoding scale Δ. */
  readonly scaleBits: number;
}

export const AVERAGING: CkksParams = { name: 'CKKS N=8192 {60,40,60} Δ=2^40', polyModulusDegree: 8192, coeffBits: [60, 40, 60], scaleBits: 40 };
export const COMPARISON: CkksParams = {
  name: 'CKKS N=16384 {60,7×40,60} Δ=2^40',
  polyModulusDegree: 16384,
  coeffBits: [60, 40, 40, 40, 40, 40, 40, 40, 60],
  scaleBits: 40,
};

type Seal = SEALLibrary;
type Context = ReturnType<Seal['Context']>;
/** What the schemes' users touch: encoder, encryptor (public key), decryptor (secret key), evaluator, relinearisation keys. */
export interface Ckks {
  readonly seal: Seal;
  readonly params: CkksParams;
  readonly context: Context;
  readonly slots: number;
  readonly scale: number;
  readonly encoder: ReturnType<Seal['CKKSEncoder']>;
  readonly encryptor: ReturnType<Seal['Encryptor']>;
  readonly decryptor: ReturnType<Seal['Decryptor']>;
  readonly evaluator: ReturnType<Seal['Evaluator']>;
  readonly relinKeys: ReturnType<Seal['RelinKeys']> | undefined;
  /** Free the wasm objects. */
  delete(): void;
}

let library: Promise<Seal> | undefined;

/** The SEAL wasm module, loaded once per process. */
export function loadSeal(): Promise<Seal> {
  // node-seal 6 is a UMD bundle: Node's ESM loader hands its module.exports (the factory) over as `default`
  library ??= import('node-seal').then((m) => (m.default as unknown as () => Promise<Seal>)());
  return library;
}

/** A CKKS context with fresh keys (relinearisation keys only when multiplications are planned). */
export async function createCkks(params: CkksParams, withRelin = false): Promise<Ckks> {
  const seal = await loadSeal();
  const parms = seal.EncryptionParameters(seal.SchemeType.ckks);
  parms.setPolyModulusDegree(params.polyModulusDegree);
  parms.setCoeffModulus(seal.CoeffModulus.Create(params.polyModulusDegree, Int32Array.from(params.coeffBits)));
  const context = seal.Context(parms, true, seal.SecurityLevel.tc128);
  if (!context.parametersSet()) throw new Error(`${params.name}: SEAL refuses these parameters at 128-bit security`);
  const keys = seal.KeyGenerator(context);
  const publicKey = keys.createPublicKey();
  const secretKey = keys.secretKey();
  const relinKeys = withRelin ? keys.createRelinKeys() : undefined;
  const encoder = seal.CKKSEncoder(context);
  const encryptor = seal.Encryptor(context, publicKey);
  const decryptor = seal.Decryptor(context, secretKey);
  const evaluator = seal.Evaluator(context);
  return {
    seal,
    params,
    context,
    slots: encoder.slotCount,
    scale: 2 ** params.scaleBits,
    encoder,
    encryptor,
    decryptor,
    evaluator,
    relinKeys,
    delete() {
      for (const o of [relinKeys, evaluator, decryptor, encryptor, encoder, publicKey, secretKey, keys, context, parms]) o?.delete();
    },
  };
}
