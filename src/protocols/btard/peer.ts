/**
 * A BTARD-SGD peer (Gorbunov, Borzunov, Diskin, Ryabinin 2022; seed 003) as an xstate actor. A
 * step is one or more all-reduce rounds among the current members M (the same ordered list at
 * every honest member); a round has five phases, each waiting for every member's message (or,
 * with `btard.timeoutMs`, until its deadline):
 *
 * 1. compute gᵢ at the shared model on its batch (a function of (peer, step)); send part j of it
 *    to member j with the commitment (a digest of each part);
 * 2. aggregator j: CenteredClip of the parts it received → xⱼ, broadcast with the contributors it used;
 * 3. from the m aggregates every member derives the round's shared randomness (mprng.ts): the
 *    validators and their targets, and zⱼ; it broadcasts its check values sᵢʲ; each validator
 *    recomputes its target's gradient and broadcasts its verdict;
 * 4. parts whose check fails are revealed by their contributors and every member recomputes
 *    them; every member recomputes each accused member's gradient (decide.ts judges);
 * 5. no ban: apply the optimiser to x (w ← w − γ·x by default) and go to the next step; bans: run the step again without them
 *    (round r + 1, the same gradients split among fewer members).
 *
 * A member keeps its gradient across the rounds of a step; messages of later rounds wait for
 * theirs. The deviations of a Byzantine peer come from its conduct (conduct.ts), never the
 * decisions of anyone. This file is the actor: its events, the primitives (send, broadcast,
 * deadlines, receive) and which phase comes next; the phases are exchange.ts (1–2), verify.ts (3)
 * and settle.ts (4–5), the judging decide.ts.
 */
import { PRIO } from '../../sim/kernel.ts';
import { inPlace } from '../../sim/logic.ts';
import type { Self } from '../runtime/node.ts';
import { judgeAccusations, judgeAggregate } from './decide.ts';
import { aggregate, begin, publish, roundKey, scatter } from './exchange.ts';
import type { BtardMessage } from './messages.ts';
import type { Peer, PeerEnv, PeerEvent, PeerState } from './peer-core.ts';
import { Round } from './round.ts';
import { decide, judgeRevealed, resolve } from './settle.ts';
import { check, sendVerdicts } from './verify.ts';

/** The primitives the phases act through, for one actor's state and self. */
function peerOf(env: PeerEnv, s: PeerState, self: Self<PeerEvent>): Peer {
  const silent = () => env.conduct.deviation(s.step)?.silent === true;
  const p: Peer = {
    env,
    s,
    self,
    deviation: () => env.conduct.deviation(s.step),
    sendTo: (to, msg) => {
      if (!silent()) env.send(to, msg);
    },
    broadcast: (msg) => {
      if (!silent()) for (const to of s.members) if (to !== env.id) env.send(to, msg);
      p.receive(msg);
    },
    arm: (phase, extraMs) => {
      const timeout = env.settings.timeoutMs;
      if (timeout === undefined) return;
      const { step, round } = s;
      env.kernel.schedule(timeout + extraMs, () => self.send({ type: 'deadline', step, round, phase }), PRIO.timer);
    },
    receive: (msg) => receive(p, msg),
    progress: () => progress(p),
  };
  return p;
}

/** Which phase comes next, once the current one has what it waits for (or its deadline passed). */
function progress(p: Peer): void {
  const { s } = p;
  const { r } = s;
  if (s.phase === 'checks' && r.validated.size > 0) sendVerdicts(p);
  const all = (n: number) => n === s.members.length;
  if (s.phase === 'parts' && (all(r.parts.size) || r.expired.has('parts'))) aggregate(p);
  else if (s.phase === 'aggregates' && (all(r.aggregates.size) || r.expired.has('aggregates'))) check(p);
  else if (s.phase === 'checks' && (r.checksComplete() || r.expired.has('checks'))) resolve(p);
  else if (s.phase === 'resolving') {
    if (!r.revealsJudged && (r.revealsComplete() || r.expired.has('resolving'))) judgeRevealed(p);
    if (r.revealsJudged && r.jobs === 0) decide(p);
  }
}

/** A message of a later round waits for it; of an earlier one, or while out or done, it is stale; else the round records it. */
function receive(p: Peer, m: BtardMessage): void {
  const { s } = p;
  const order = m.step - s.step || m.round - s.round;
  if (order > 0) {
    const key = roundKey(m.step, m.round);
    const list = s.later.get(key) ?? [];
    list.push(m);
    s.later.set(key, list);
    return;
  }
  if (order < 0 || s.phase === 'out' || s.phase === 'done' || s.phase === 'idle') {
    s.stale++;
    return;
  }
  const kept = s.r.record(m);
  if (kept === 'bad') s.faulty++;
  if (kept === 'kept') progress(p);
}

const current = (s: PeerState, e: { step: number; round?: number }) => e.step === s.step && (e.round === undefined || e.round === s.round);

export function peerLogic(env: PeerEnv) {
  let p: Peer | undefined;
  return inPlace(
    (s: PeerState, e: PeerEvent, { self }) => {
      p ??= peerOf(env, s, self);
      switch (e.type) {
        case 'start':
          s.params = env.adopt(e.params);
          s.members = e.members;
          return begin(p);
        case 'computed':
          if (!current(s, e) || s.phase !== 'computing') return;
          s.payload = e.payload;
          return scatter(p);
        case 'aggregated':
          if (current(s, e) && s.phase === 'aggregating') publish(p);
          return;
        case 'validated':
          if (!current(s, e)) return;
          s.r.validated.set(e.slot, e.grad);
          return progress(p);
        case 'verdicts-due':
          if (!current(s, e)) return;
          s.r.verdictsDue = true;
          return progress(p);
        case 'verified':
          if (!current(s, e)) return;
          judgeAccusations(s.r, e.grads);
          s.r.jobs--;
          return progress(p);
        case 'recomputed':
          if (!current(s, e)) return;
          for (const [j, x] of e.parts) judgeAggregate(s.r, j, x);
          s.r.jobs--;
          return progress(p);
        case 'deadline':
          if (!current(s, e)) return;
          s.r.expired.add(e.phase);
          return progress(p);
        case 'deliver':
          return receive(p, e.msg);
      }
    },
    (): PeerState => ({
      phase: 'idle',
      step: 0,
      round: 0,
      params: new Float32Array(0),
      members: [],
      r: new Round(0, 0, [], 0, -1),
      later: new Map(),
      faulty: 0,
      stale: 0,
      tampered: false,
    }),
  );
}
