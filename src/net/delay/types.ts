import { z } from 'zod';

/**
 * The longest delay byzsim simulates, 10¹² ms (≈ 31.7 years of virtual time): every draw above
 * it is cut to it, so no sum of delays can overflow and virtual time stays finite whatever the
 * tail of the distribution (Pareto with a tiny alpha). Parameters whose median draw exceeds it
 * are refused by validation. Draws below it are unchanged.
 */
export const MAX_DELAY_MS = 1e12;

/** A draw cut to MAX_DELAY_MS (NaN cannot occur: every parameter is finite). */
export function capDelay(ms: number): number {
  return ms < MAX_DELAY_MS ? ms : MAX_DELAY_MS;
}

/** A time parameter: a finite number of ms in [0, MAX_DELAY_MS] (`strict`: > 0). */
export function msParam(strict = false) {
  const base = z.number().max(MAX_DELAY_MS, `must be ≤ ${MAX_DELAY_MS.toExponential(0).replace('e+', 'e')} ms, the longest delay byzsim simulates`);
  return strict ? base.positive() : base.min(0);
}

/** A link delay distribution: parameters in milliseconds of virtual time. */
export type DelayParams = Readonly<Record<string, number>>;

export interface DelayModel {
  /** Registry name, used as `network.delay.model` in scenarios. */
  readonly name: string;
  readonly summary: string;
  /** Parameter names with their defaults. */
  readonly params: Readonly<Record<string, number>>;
  /** What its parameters may be: a strict zod object (ms parameters ≤ MAX_DELAY_MS). */
  readonly schema: z.ZodType;
  /** A message naming the field, value and rule when params are invalid, else undefined. */
  check(params: DelayParams): string | undefined;
  /** A sampler drawing one delay (ms, in [0, MAX_DELAY_MS]) per call from the uniform stream `rng`. */
  sampler(params: DelayParams): (rng: () => number) => number;
}

/** `field must be …, got value` when `value` is not a finite number ≥ min (> min when strict). */
export function requireNumber(model: string, field: string, value: unknown, min = 0, strict = false): string | undefined {
  const ok = typeof value === 'number' && Number.isFinite(value) && (strict ? value > min : value >= min);
  return ok ? undefined : `network.delay.${field}: ${model} needs a finite number ${strict ? '>' : '≥'} ${min}, got ${String(value)}`;
}
