/**
 * Attack schedules: when Byzantine attacker j (0-based among the f Byzantine workers) attacks
 * at step t. Outside its schedule a Byzantine worker behaves honestly (sends its honest
 * gradient), as in BTARD's experiments (seed 003).
 */

export interface AttackSchedule {
  /** First step at which anyone attacks (default 0). */
  readonly start?: number;
  /** Attack every k-th step counted from `start`: t − start ≡ 0 (mod every) (default 1). */
  readonly every?: number;
  /** On-windows of steps, each [from, to) half-open; absent ⇒ always on (from `start`). */
  readonly windows?: readonly (readonly [number, number])[];
  /** How many of the f Byzantines act: attackers j < count (default all f). */
  readonly count?: number;
}

/** Seed 003 "aggressive": two Byzantines attack every step from step 100. */
export const AGGRESSIVE: AttackSchedule = { start: 100, every: 1, count: 2 };
/** Seed 003 "mild": one Byzantine attacks every 5th step from step 100 (100, 105, …). */
export const MILD: AttackSchedule = { start: 100, every: 5, count: 1 };

/** Named schedules a scenario may give by name. */
export const SCHEDULES: ReadonlyMap<string, AttackSchedule> = new Map([
  ['always', {}],
  ['aggressive', AGGRESSIVE],
  ['mild', MILD],
]);

/**
 * True iff attacker j attacks at step t under `schedule` (undefined schedule ⇒ always):
 * j < count ∧ t ≥ start ∧ (t − start) mod every = 0 ∧ (no windows ∨ ∃ [a, b) ∋ t).
 * @example attacks(MILD, 0, 105) → true; attacks(MILD, 0, 106) → false; attacks(MILD, 1, 105) → false
 */
export function attacks(schedule: AttackSchedule | undefined, j: number, t: number): boolean {
  if (!schedule) return true;
  const start = schedule.start ?? 0;
  const every = schedule.every ?? 1;
  if (schedule.count !== undefined && j >= schedule.count) return false;
  if (t < start || (t - start) % every !== 0) return false;
  if (!schedule.windows) return true;
  return schedule.windows.some(([a, b]) => t >= a && t < b);
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** A one-line message when `schedule` is invalid for f Byzantine workers, else undefined. */
export function checkSchedule(schedule: AttackSchedule, f: number): string | undefined {
  const { start, every, windows, count } = schedule;
  if (start !== undefined && !isCount(start)) return `attack schedule: start must be an integer step ≥ 0, got ${start}`;
  if (every !== undefined && !(isCount(every) && every >= 1)) return `attack schedule: every must be an integer ≥ 1, got ${every}`;
  if (count !== undefined && !isCount(count)) return `attack schedule: count must be an integer ≥ 0, got ${count}`;
  if (count !== undefined && count > f) return `attack schedule: count=${count} attackers but only f=${f} Byzantine workers`;
  for (const w of windows ?? []) {
    if (!Array.isArray(w) || w.length !== 2 || !isCount(w[0]) || !isCount(w[1]) || w[0] >= w[1])
      return `attack schedule: each window must be [from, to) with integers 0 ≤ from < to, got ${JSON.stringify(w)}`;
  }
  return undefined;
}
