/**
 * A BTARD-SGD peer (Gorbunov, Borzunov, Diskin, Ryabinin 2022; seed 003) as an xstate actor:
 * no server; at step t the m current members each compute a gradient at the shared model, split
 * it into m equal parts (zero-padded) and send part j to member j (butterfly scatter); member j
 * aggregates the m parts it received with the GAR (CenteredClip in BTARD) and sends the result to
 * every member (all-gather); each member assembles the aggregate and updates w with the optimiser (w ← w − γ·agg by default).
 * Synchronous: a peer waits for every member's part; a malformed part is counted and left out.
 * Messages of later steps are kept until their step.
 */
import { isAdmissible } from '../../gars/index.ts';
import { PRIO, type Kernel } from '../../sim/kernel.ts';
import { inPlace } from '../../sim/logic.ts';
import { computeThen } from '../runtime/compute.ts';
import type { Deliver, Self } from '../runtime/node.ts';
import type { Payload, Producer } from '../workload/payload.ts';
import type { AggregatePartMsg, BtardMessage, PartMsg } from './messages.ts';

export interface PeerEnv {
  readonly id: string;
  readonly index: number;
  readonly kernel: Kernel;
  readonly send: (to: string, msg: BtardMessage) => void;
  readonly d: number;
  readonly steps: number;
  /** The members of step t, in a fixed order (decided by the protocol, the same for all). */
  readonly members: (step: number) => readonly string[];
  readonly produce: Producer;
  readonly computeMs: (nowMs: number) => number;
  readonly aggregateMs: (count: number, length: number) => number;
  /** The aggregate of one part's admitted contributions at `step`. */
  readonly aggregate: (parts: readonly Float32Array[], step: number) => Float32Array;
  /** The optimiser's update of the model from the assembled aggregate (runtime/optimizer.ts). */
  readonly apply: (step: number, params: Float32Array, agg: Float32Array) => Float32Array;
  readonly onStep: (info: PeerStep) => void;
  readonly onDone: () => void;
}

export interface PeerStep {
  readonly peer: string;
  readonly step: number;
  readonly timeMs: number;
  readonly params: Float32Array;
  /** Members whose part this peer aggregated (admissible ones), with their reported losses. */
  readonly contributors: readonly { from: string; loss: number }[];
  readonly members: readonly string[];
}

export type PeerEvent =
  | { type: 'start'; params: Float32Array }
  | { type: 'computed'; step: number; payload: Payload }
  | Deliver<BtardMessage>
  | { type: 'aggregated'; step: number };

export interface PeerState {
  phase: 'idle' | 'computing' | 'scattering' | 'aggregating' | 'gathering' | 'out' | 'done';
  step: number;
  params: Float32Array;
  members: readonly string[];
  parts: Map<string, PartMsg>;
  gathered: Map<number, Float32Array>;
  later: Map<number, BtardMessage[]>;
  faulty: number;
  stale: number;
}

/** Part length for d coordinates split among m members (zero-padded). */
export const partLength = (d: number, m: number) => Math.ceil(d / m);

export function peerLogic(env: PeerEnv) {
  const begin = (s: PeerState, self: Self<PeerEvent>) => {
    s.members = env.members(s.step);
    s.parts = new Map();
    s.gathered = new Map();
    if (!s.members.includes(env.id)) {
      s.phase = 'out';
      return;
    }
    s.phase = 'computing';
    const step = s.step;
    computeThen(env.kernel, env.computeMs(env.kernel.now), env.produce(step, s.params), (payload) => self.send({ type: 'computed', step, payload }));
    const early = s.later.get(step) ?? [];
    s.later.delete(step);
    for (const m of early) receive(s, m, self);
  };
  const scatter = (s: PeerState, grad: unknown, loss: number, self: Self<PeerEvent>) => {
    const m = s.members.length;
    const len = partLength(env.d, m);
    const v = grad instanceof Float32Array && grad.length === env.d ? grad : undefined;
    let own: PartMsg | undefined;
    s.members.forEach((to, j) => {
      const data = v ? padded(v, j * len, len) : grad; // a malformed gradient is sent as is, and filtered by its receivers
      const msg: PartMsg = { kind: 'part', step: s.step, from: env.id, index: j, data, loss };
      if (to === env.id) own = msg;
      else env.send(to, msg);
    });
    if (own) receive(s, own, self);
  };
  const receive = (s: PeerState, m: BtardMessage, self: Self<PeerEvent>) => {
    if (m.step > s.step) {
      const list = s.later.get(m.step) ?? [];
      list.push(m);
      s.later.set(m.step, list);
      return;
    }
    if (m.step < s.step || s.phase === 'out' || s.phase === 'done') {
      s.stale++;
      return;
    }
    if (m.kind === 'part') {
      if (s.parts.has(m.from)) return;
      s.parts.set(m.from, m);
      if (s.parts.size === s.members.length && (s.phase === 'computing' || s.phase === 'scattering')) startAggregate(s, self);
    } else {
      s.gathered.set(m.index, m.data);
      if (s.gathered.size === s.members.length && s.phase === 'gathering') finish(s, self);
    }
  };
  const startAggregate = (s: PeerState, self: Self<PeerEvent>) => {
    if (s.phase === 'computing') return; // own part not scattered yet: resumes after `computed`
    s.phase = 'aggregating';
    const step = s.step;
    const len = partLength(env.d, s.members.length);
    env.kernel.schedule(env.aggregateMs(s.parts.size, len), () => self.send({ type: 'aggregated', step }), PRIO.compute);
  };
  const finish = (s: PeerState, self: Self<PeerEvent>) => {
    const len = partLength(env.d, s.members.length);
    const agg = new Float32Array(env.d);
    for (let k = 0; k < env.d; k++) agg[k] = s.gathered.get(Math.floor(k / len))![k % len];
    const next = env.apply(s.step, s.params, agg);
    const contributors = [...s.parts.values()].filter((p) => isAdmissible(p.data, len)).map((p) => ({ from: p.from, loss: p.loss }));
    s.params = next;
    env.onStep({ peer: env.id, step: s.step, timeMs: env.kernel.now, params: next, contributors, members: s.members });
    s.step++;
    if (s.step >= env.steps) {
      s.phase = 'done';
      env.onDone();
    } else begin(s, self);
  };
  return inPlace(
    (s: PeerState, e: PeerEvent, { self }) => {
      switch (e.type) {
        case 'start':
          s.params = e.params;
          begin(s, self);
          return;
        case 'computed':
          if (e.step !== s.step || s.phase !== 'computing') return;
          s.phase = 'scattering';
          scatter(s, e.payload.grad, e.payload.loss, self);
          if (s.parts.size === s.members.length && s.phase === 'scattering') startAggregate(s, self);
          return;
        case 'deliver':
          receive(s, e.msg, self);
          return;
        case 'aggregated': {
          if (e.step !== s.step || s.phase !== 'aggregating') return;
          const len = partLength(env.d, s.members.length);
          const admitted: Float32Array[] = [];
          for (const p of s.parts.values()) {
            if (isAdmissible(p.data, len)) admitted.push(p.data);
            else s.faulty++;
          }
          const j = s.members.indexOf(env.id);
          const agg = admitted.length > 0 ? env.aggregate(admitted, s.step) : new Float32Array(len);
          s.phase = 'gathering';
          // Send to the others first: taking our own part may complete the step and start the next.
          const msg: AggregatePartMsg = { kind: 'aggregate-part', step: s.step, from: env.id, index: j, data: agg };
          for (const to of s.members) if (to !== env.id) env.send(to, msg);
          receive(s, msg, self);
          return;
        }
      }
    },
    (): PeerState => ({ phase: 'idle', step: 0, params: new Float32Array(0), members: [], parts: new Map(), gathered: new Map(), later: new Map(), faulty: 0, stale: 0 }),
  );
}

/** v[from … from+len), zero beyond v's end. */
function padded(v: Float32Array, from: number, len: number): Float32Array {
  const out = new Float32Array(len);
  out.set(v.subarray(from, Math.min(v.length, from + len)));
  return out;
}
