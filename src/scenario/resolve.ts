/**
 * Config resolution: from a validated run config to the plan a protocol is handed once
 * (`ResolvedRun`): names looked up in their registries (attack, schedule, privacy mechanisms),
 * `server.gar` parsed into pipeline steps, defaults that relate fields filled in. Protocols read
 * this, never `validate.ts`; it names no protocol (a protocol resolves its own section, e.g.
 * its quorums, with the helpers below).
 */
import { ATTACKS } from '../attacks/index.ts';
import { SCHEDULES, type AttackSchedule } from '../attacks/schedule.ts';
import type { Attack } from '../attacks/types.ts';
import { parsePipeline, type Params, type StepSpec } from '../gars/index.ts';
import { PRIVACY } from '../privacy/index.ts';
import type { PrivacyMechanism } from '../privacy/types.ts';
import type { RunConfig } from './schema.ts';

export type Named = string | { name: string; params?: Record<string, number | string | boolean> };

export function namedSpec(x: Named): StepSpec {
  return typeof x === 'string' ? { name: x } : { name: x.name, params: x.params };
}

/** The pipeline of `server.gar` as step specs. */
export function garSteps(cfg: RunConfig): StepSpec[] {
  const gar = cfg.server.gar;
  if (typeof gar === 'string') return parsePipeline(gar);
  return Array.isArray(gar) ? gar.map(namedSpec) : [namedSpec(gar)];
}

/** f the aggregation rule is configured to tolerate: `server.f`, default `workers.f`. */
export const garF = (cfg: RunConfig): number => cfg.server.f ?? cfg.workers.f;

/** `server.quorum`, default n − f (f of the rule): the gradients an aggregating node waits for. */
export const serverQuorum = (cfg: RunConfig): number => cfg.server.quorum ?? cfg.workers.n - garF(cfg);

/** The attack schedule of a run, names resolved. */
export function scheduleOf(cfg: RunConfig): AttackSchedule | undefined {
  const s = cfg.workers.schedule;
  return typeof s === 'string' ? SCHEDULES.get(s) : s;
}

export function privacyList(cfg: RunConfig): Named[] {
  const p = cfg.workers.privacy;
  return p === undefined ? [] : Array.isArray(p) ? p : [p];
}

/** A named attack and its parameters, looked up (validation has checked the name). */
export interface ResolvedAttack {
  readonly attack: Attack;
  readonly params: Params;
}

export function resolveAttack(x: Named): ResolvedAttack {
  const spec = namedSpec(x);
  const attack = ATTACKS.get(spec.name);
  if (attack === undefined) throw new Error(`resolve: unknown attack "${spec.name}" (the config was not validated)`);
  return { attack, params: spec.params ?? {} };
}

/** What every protocol's run is handed: the validated config and what it names, resolved. */
export interface ResolvedRun {
  readonly config: RunConfig;
  /** `server.gar` as pipeline steps, and the f it is configured for. */
  readonly garSteps: readonly StepSpec[];
  readonly garF: number;
  /** The Byzantine workers' attack (`workers.attack`) and schedule. */
  readonly attack?: ResolvedAttack;
  readonly schedule?: AttackSchedule;
  /** The honest workers' privacy mechanisms, in order. */
  readonly privacy: readonly { readonly mech: PrivacyMechanism; readonly params: Params }[];
}

export function resolveRun(config: RunConfig): ResolvedRun {
  const privacy = privacyList(config)
    .map(namedSpec)
    .map((s) => {
      const mech = PRIVACY.get(s.name);
      if (mech === undefined) throw new Error(`resolve: unknown privacy mechanism "${s.name}" (the config was not validated)`);
      return { mech, params: s.params ?? {} };
    });
  return {
    config,
    garSteps: garSteps(config),
    garF: garF(config),
    attack: config.workers.attack === undefined ? undefined : resolveAttack(config.workers.attack),
    schedule: scheduleOf(config),
    privacy,
  };
}
