/**
 * What a Byzantine BTARD peer may do besides its gradient attack (`workers.attack`): one
 * behaviour per file, listed in index.ts, chosen by `btard.byzantine` and acting on the
 * attack schedule (`workers.schedule`). A behaviour is the set of deviations it makes at an
 * attack step; the protocol's honest steps stay the same. Byzantine peers know each other
 * (collusion): none of them ever accuses, frames or validates an ally honestly.
 */
export type BehaviourParams = Readonly<Record<string, number | string | boolean>>;

/** The deviations of one attacking step (absent: honest). */
export interface Deviation {
  /** Send nothing at all this step (timeouts catch it). */
  readonly silent?: boolean;
  /** The aggregate it publishes for its part instead of the right one x (rng: its own stream). */
  readonly aggregate?: (x: Float64Array, rng: () => number) => Float64Array;
  /** As a validator of an honest member: accuse its gradient, or flag one of its check values, whatever the recomputation says. */
  readonly accuseTarget?: 'gradient' | 'check';
  /** Accuse one random honest member outright in its check message, validator or not. */
  readonly accuseAnyone?: boolean;
  /** As an aggregator that published a wrong aggregate: forge its own check value so that the part's check passes. */
  readonly cover?: boolean;
  /** Its check values, given the right ones and the parts whose aggregators are honest. */
  readonly checks?: (s: readonly (number | null)[], honestParts: readonly number[], rng: () => number) => (number | null)[];
}

export interface PeerBehaviour {
  readonly name: string;
  readonly summary: string;
  readonly params: BehaviourParams;
  /** Without btard.timeoutMs the all-reduce waits forever on it. */
  readonly needsTimeout?: boolean;
  /** A one-line message naming a bad parameter, or undefined. */
  readonly check?: (params: BehaviourParams) => string | undefined;
  /** Its deviations (params: the defaults overridden by the scenario's). */
  readonly deviation: (params: BehaviourParams) => Deviation;
}

/** A parameter that must be a finite number. */
export function finiteParam(behaviour: string, params: BehaviourParams, key: string): string | undefined {
  const v = params[key];
  return v === undefined || (typeof v === 'number' && Number.isFinite(v))
    ? undefined
    : `${behaviour}: parameter ${key} must be a finite number, got ${String(v)}`;
}
