/** A link delay distribution: parameters in milliseconds of virtual time. */
export type DelayParams = Readonly<Record<string, number>>;

export interface DelayModel {
  /** Registry name, used as `network.delay.model` in scenarios. */
  readonly name: string;
  readonly summary: string;
  /** Parameter names with their defaults. */
  readonly params: Readonly<Record<string, number>>;
  /** A message naming the field, value and rule when params are invalid, else undefined. */
  check(params: DelayParams): string | undefined;
  /** A sampler drawing one delay (ms, ≥ 0) per call from the uniform stream `rng`. */
  sampler(params: DelayParams): (rng: () => number) => number;
}

/** `field must be …, got value` when `value` is not a finite number ≥ min (> min when strict). */
export function requireNumber(model: string, field: string, value: unknown, min = 0, strict = false): string | undefined {
  const ok = typeof value === 'number' && Number.isFinite(value) && (strict ? value > min : value >= min);
  return ok ? undefined : `network.delay.${field}: ${model} needs a finite number ${strict ? '>' : '≥'} ${min}, got ${String(value)}`;
}
