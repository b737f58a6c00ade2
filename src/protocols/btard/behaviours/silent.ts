import type { PeerBehaviour } from './types.ts';

/**
 * `silent`: send nothing at an attack step — no parts, no aggregate, no check values, no verdict.
 *
 * What it breaks: a synchronous all-reduce waits for every member, so one silent member stalls
 * everybody. What BTARD does: the all-reduce has a deadline per phase (`btard.timeoutMs`, the
 * network part of it; the expected compute time is added); a member whose broadcast (aggregate,
 * check values, verdict, reveal) has not arrived by then is banned for silence by every member,
 * and the round is run again without it. Sound only on synchronous links whose bound Δ satisfies
 * timeoutMs ≥ 2Δ (a member may start a phase up to Δ after another and its message take Δ more),
 * without losses or stragglers — the scenario check refuses the rest.
 */
export const silent: PeerBehaviour = {
  name: 'silent',
  summary: 'sends nothing at its attack steps (needs btard.timeoutMs: banned for silence)',
  params: {},
  needsTimeout: true,
  deviation() {
    return { silent: true };
  },
};
