/**
 * The efficiency table of seed 001, measured live (issue 12 item 5): plaintext aggregation times
 * of the table's rules (plaintext-times.ts) and secure averaging under CKKS with a real library
 * (../privacy/he), with the decrypted average checked against the plaintext one.
 */
import { AVERAGING, createCkks } from '../privacy/he/ckks.ts';
import { secureAverage } from '../privacy/he/secure-average.ts';
import { heEstimates, measurePrimitives, type HeEstimate, type HePrimitives } from './he-estimate.ts';
import { costInputs, median, type PlaintextTime, TABLE_RULES, timeRule } from './plaintext-times.ts';

export interface CostOptions {
  readonly n: number;
  readonly d: number;
  readonly f: number;
  readonly repeats: number;
  /** Run the homomorphic part (off: plaintext only). */
  readonly he: boolean;
}

export interface HeAverage {
  readonly scheme: string;
  readonly slots: number;
  readonly blocks: number;
  /** Median over workers of one worker's encode + encrypt time, ms. */
  readonly encryptMs: number;
  readonly addMs: number;
  readonly decryptMs: number;
  /** Workers encrypt in parallel: one worker's encryption + the server's additions + decryption, ms. */
  readonly totalMs: number;
  /** max over coordinates |HE average − plaintext average (float64)|. */
  readonly maxError: number;
  /** Key generation (not part of an aggregation), ms. */
  readonly keygenMs: number;
}

export interface CostReport {
  readonly options: CostOptions;
  readonly plaintext: readonly PlaintextTime[];
  readonly heAverage?: HeAverage;
  /** The measured CKKS primitives the estimates are built on. */
  readonly hePrimitives?: HePrimitives;
  /** Robust rules' HE time estimated from the measured primitives (he-estimate.ts). */
  readonly heEstimates?: readonly HeEstimate[];
}

/** The float64 mean of the inputs (the reference the decrypted average is checked against). */
export function exactMean(inputs: readonly Float32Array[]): Float64Array {
  const out = new Float64Array(inputs[0].length);
  for (const x of inputs) for (let k = 0; k < x.length; k++) out[k] += x[k];
  for (let k = 0; k < out.length; k++) out[k] /= inputs.length;
  return out;
}

/** Homomorphic averaging of `inputs`: phases timed by `clock`, error against the exact mean. */
export async function measureHeAverage(inputs: readonly Float32Array[], clock: () => number): Promise<HeAverage> {
  const t0 = clock();
  const he = await createCkks(AVERAGING);
  const keygenMs = clock() - t0;
  try {
    // one untimed block first: the wasm code tiers up on first use, which would be charged to worker 1
    secureAverage(he, [new Float32Array(Math.min(he.slots, inputs[0].length))], () => 0);
    const r = secureAverage(he, inputs, clock);
    const exact = exactMean(inputs);
    let maxError = 0;
    for (let k = 0; k < exact.length; k++) maxError = Math.max(maxError, Math.abs(r.average[k] - exact[k]));
    const encryptMs = median(r.encryptMs);
    return {
      scheme: AVERAGING.name,
      slots: he.slots,
      blocks: r.blocks,
      encryptMs,
      addMs: r.addMs,
      decryptMs: r.decryptMs,
      totalMs: Math.max(...r.encryptMs) + r.addMs + r.decryptMs,
      maxError,
      keygenMs,
    };
  } finally {
    he.delete();
  }
}

/** Measure the table; `progress` hears each finished row (the CLI prints it as it goes). */
export async function runCost(options: CostOptions, clock: () => number, progress: (line: string) => void = () => {}): Promise<CostReport> {
  const inputs = costInputs(options.n, options.d);
  const plaintext: PlaintextTime[] = [];
  for (const rule of TABLE_RULES) {
    const t = timeRule(rule, inputs, options.f, options.repeats, clock);
    plaintext.push(t);
    progress(`${rule}: ${t.ms.toPrecision(3)} ms`);
  }
  if (!options.he) return { options, plaintext };
  const heAverage = await measureHeAverage(inputs, clock);
  progress(`average under HE: ${heAverage.totalMs.toFixed(0)} ms`);
  const hePrimitives = await measurePrimitives(Math.min(options.repeats, 3), clock);
  progress(`one encrypted comparison: ${hePrimitives.comparisonMs.toFixed(0)} ms`);
  return { options, plaintext, heAverage, hePrimitives, heEstimates: heEstimates(hePrimitives, options.n, options.f, options.d) };
}
