/**
 * Robust rules under HE, *estimated from measured primitives* (the encrypted rules themselves are not run; every output says "estimate"): the CKKS
 * primitives of the COMPARISON parameters (privacy/he/ckks.ts) timed on this machine — one
 * encrypted comparison (privacy/he/comparison.ts, checked against its plaintext polynomial),
 * one ciphertext multiplication with relinearisation and rescaling, one key switch (a
 * relinearisation: a rotation is a key switch of the same size, so it stands in for one without
 * generating Galois keys), one addition — multiplied by each rule's operation counts
 * (he-counts.ts).
 */
import { COMPARISON, createCkks, type CipherText, type Ckks, type PlainText } from '../privacy/he/ckks.ts';
import { approxMax, encryptedMax } from '../privacy/he/comparison.ts';
import { stream } from '../sim/rng.ts';
import { ESTIMATED_RULES, heCounts, type HeCounts } from './he-counts.ts';
import { median } from './plaintext-times.ts';

export interface HePrimitives {
  readonly scheme: string;
  readonly slots: number;
  readonly comparisonMs: number;
  readonly multiplicationMs: number;
  readonly keySwitchMs: number;
  readonly additionMs: number;
  /** max |decrypted encrypted max − its plaintext polynomial| over the slots. */
  readonly comparisonError: number;
}

export interface HeEstimate extends HeCounts {
  readonly rule: string;
  readonly ms: number;
}

function timed(repeats: number, clock: () => number, op: () => CipherText | undefined): number {
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = clock();
    const out = op();
    samples.push(clock() - t0);
    out?.delete();
  }
  return median(samples);
}

function encrypt(he: Ckks, values: Float64Array): CipherText {
  const p = he.encoder.encode(values, he.scale) as PlainText;
  const c = he.encryptor.encrypt(p) as CipherText;
  p.delete();
  return c;
}

/** Time the primitives (`repeats` each, median) on random inputs in [−½, ½]. */
export async function measurePrimitives(repeats: number, clock: () => number): Promise<HePrimitives> {
  const he = await createCkks(COMPARISON, true);
  try {
    const rng = stream(1, 'cost/he-primitives');
    const a = Float64Array.from({ length: he.slots }, () => rng() - 0.5);
    const b = Float64Array.from({ length: he.slots }, () => rng() - 0.5);
    const [ca, cb] = [encrypt(he, a), encrypt(he, b)];
    const ev = he.evaluator;
    const check = encryptedMax(he, ca, cb);
    const got = he.encoder.decode(he.decryptor.decrypt(check) as PlainText);
    let comparisonError = 0;
    for (let k = 0; k < he.slots; k++) comparisonError = Math.max(comparisonError, Math.abs(got[k] - approxMax(a[k], b[k])));
    check.delete();
    const comparisonMs = timed(repeats, clock, () => encryptedMax(he, ca, cb));
    const multiplicationMs = timed(repeats, clock, () => {
      const m = ev.multiply(ca, cb) as CipherText;
      ev.relinearize(m, he.relinKeys!, m);
      ev.rescaleToNext(m, m);
      return m;
    });
    const product = ev.multiply(ca, cb) as CipherText;
    const keySwitchMs = timed(repeats, clock, () => ev.relinearize(product, he.relinKeys!) as CipherText);
    const additionMs = timed(repeats, clock, () => ev.add(ca, cb) as CipherText);
    for (const c of [ca, cb, product]) c.delete();
    return { scheme: COMPARISON.name, slots: he.slots, comparisonMs, multiplicationMs, keySwitchMs, additionMs, comparisonError };
  } finally {
    he.delete();
  }
}

/** Each robust rule's estimated HE time at (n, f, d) from the measured primitives. */
export function heEstimates(p: HePrimitives, n: number, f: number, d: number): HeEstimate[] {
  return ESTIMATED_RULES.map((rule) => {
    const c = heCounts(rule, n, f, d, p.slots);
    const ms = c.comparisons * p.comparisonMs + c.multiplications * p.multiplicationMs + c.rotations * p.keySwitchMs + c.additions * p.additionMs;
    return { rule, ms, ...c };
  });
}
