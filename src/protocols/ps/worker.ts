/**
 * The workers as xstate actors (`inPlace` logic: workers are many and on the hot path), one actor
 * per worker, all of them running one logic object whose state is a table owned by the run: a
 * worker's actor holds its index i, and its state is row i of typed arrays (phase, latest step,
 * counters) and two arrays of references (its latest model, its last gradient) — ≈ 30 bytes a
 * worker instead of an object, a logic and a dozen closures.
 * Phases: idle → computing (charged on the virtual clock) → idle; crashed is final.
 * On a model it starts computing unless busy; when done it sends its payload to the server
 * and, if a newer model arrived meanwhile, starts on that one (its result is then stale).
 * What it sends — an honest gradient or an attack — is decided by `produce`, so honest and
 * Byzantine workers share this orchestration. A computation whose result is at hand is posted on
 * the kernel as (this table, the payload, i) — no closure — and its end is one `done` event
 * (one object reused: the kernel fires it when no actor is running, so it is consumed at once).
 */
import { PRIO, type Kernel } from '../../sim/kernel.ts';
import { inPlace, type InPlaceLogic } from '../../sim/logic.ts';
import type { Target } from '../../sim/queue.ts';
import { computeThen } from '../runtime/compute.ts';
import type { Crash } from '../runtime/crash.ts';
import type { History } from '../runtime/history.ts';
import type { GradientMsg } from '../runtime/messages.ts';
import type { Deliver, Self } from '../runtime/node.ts';
import type { Payload } from '../workload/payload.ts';
import type { ModelMsg, PsMessage } from './messages.ts';

/** What the workers share; per-worker behaviour is a function of the worker's index i. */
export interface WorkersEnv {
  /** Worker i's name. */
  readonly ids: readonly string[];
  readonly serverId: string;
  readonly kernel: Kernel;
  /** Where they record crashes (by step) and omissions. */
  readonly history: History;
  /** Send worker i's message to the server over the network. */
  readonly send: (i: number, msg: GradientMsg) => void;
  /** Worker i's payload for the model of `step` (a value, or a promise from an off-thread engine). */
  readonly produce: (i: number, step: number, params: Float32Array) => Payload | Promise<Payload>;
  /** Virtual compute time of worker i's gradient started at `nowMs` (ms). */
  readonly computeMs: (i: number, nowMs: number) => number;
  /** Crash fault by step: worker i stops when it receives the model of this step (undefined: never). */
  readonly crashAtStep?: (i: number) => number | undefined;
  /** Omission fault: worker i drops this fraction of its own messages (drawn from `rng(i)`). */
  readonly omissionRate: (i: number) => number;
  readonly rng: (i: number) => () => number;
}

export type WorkerEvent = Deliver<PsMessage> | { type: 'done'; step: number; payload: Payload } | Crash;

const IDLE = 0;
const COMPUTING = 1;
const CRASHED = 2;
const PHASES = ['idle', 'computing', 'crashed'] as const;

export class Workers implements Target<Payload> {
  readonly cancelled = false;
  readonly wait = undefined;
  /** By worker: phase, the newest model's step (−1: none yet), the step being computed, gradients computed, messages omitted. */
  private readonly phases: Uint8Array;
  readonly latestStep: Int32Array;
  private readonly computing: Int32Array;
  readonly computed: Int32Array;
  readonly omitted: Int32Array;
  private readonly latestParams: (Float32Array | undefined)[];
  /** The last gradient each sent, kept to answer a re-sent model. */
  readonly lastSent: (GradientMsg | undefined)[];
  private readonly selves: Self<WorkerEvent>[];
  private readonly doneEvent = { type: 'done' as const, step: 0, payload: undefined as unknown as Payload };
  /** The one logic every worker's actor runs (its input and state: the worker's index). */
  readonly logic: InPlaceLogic<number, WorkerEvent, number>;

  constructor(private readonly env: WorkersEnv) {
    const n = env.ids.length;
    this.phases = new Uint8Array(n);
    this.latestStep = new Int32Array(n).fill(-1);
    this.computing = new Int32Array(n);
    this.computed = new Int32Array(n);
    this.omitted = new Int32Array(n);
    this.latestParams = new Array<Float32Array | undefined>(n).fill(undefined);
    this.lastSent = new Array<GradientMsg | undefined>(n).fill(undefined);
    this.selves = new Array<Self<WorkerEvent>>(n);
    this.logic = inPlace(
      (i: number, event: WorkerEvent, { self }) => this.transition(i, event, self),
      (i: number) => i,
    );
  }

  /** Worker i's phase. */
  phase(i: number): (typeof PHASES)[number] {
    return PHASES[this.phases[i]];
  }

  /** The kernel: worker i's computation (a result at hand) is done. */
  fire(payload: Payload, i: number): void {
    const ev = this.doneEvent;
    ev.step = this.computing[i];
    ev.payload = payload;
    this.selves[i].send(ev);
    ev.payload = undefined as unknown as Payload;
  }

  private transition(i: number, event: WorkerEvent, self: Self<WorkerEvent>): void {
    if (this.phases[i] === CRASHED) return;
    switch (event.type) {
      case 'deliver':
        if (event.msg.kind === 'model') this.receive(i, event.msg, self); // workers take models only
        return;
      case 'done':
        this.finish(i, event.step, event.payload, self);
        return;
      case 'crash':
        this.phases[i] = CRASHED;
        return;
    }
  }

  private start(i: number, self: Self<WorkerEvent>): void {
    const { env } = this;
    const step = this.latestStep[i];
    const job = env.produce(i, step, this.latestParams[i]!);
    this.phases[i] = COMPUTING;
    this.computing[i] = step;
    this.selves[i] = self;
    const costMs = env.computeMs(i, env.kernel.now);
    if (job instanceof Promise) computeThen(env.kernel, costMs, job, (payload) => self.send({ type: 'done', step, payload }));
    else env.kernel.post(costMs, this, job, PRIO.compute, i);
  }

  private receive(i: number, msg: ModelMsg, self: Self<WorkerEvent>): void {
    const { env } = this;
    const last = this.lastSent[i];
    if (msg.step === last?.step && this.phases[i] === IDLE) {
      env.send(i, last); // the server asks again: our answer was lost
      return;
    }
    if (msg.step <= this.latestStep[i]) return; // duplicate or reordered old model
    const crashAtStep = env.crashAtStep?.(i);
    if (crashAtStep !== undefined && msg.step >= crashAtStep) {
      this.phases[i] = CRASHED;
      env.history.record({ t: env.kernel.now, ev: 'crash', node: env.ids[i], step: msg.step });
      return;
    }
    this.latestStep[i] = msg.step;
    this.latestParams[i] = msg.params;
    if (this.phases[i] === IDLE) this.start(i, self);
  }

  private finish(i: number, step: number, payload: Payload, self: Self<WorkerEvent>): void {
    const { env } = this;
    this.computed[i]++;
    this.phases[i] = IDLE;
    const omissionRate = env.omissionRate(i);
    if (omissionRate > 0 && env.rng(i)() < omissionRate) {
      this.omitted[i]++;
      env.history.record({ t: env.kernel.now, ev: 'omit', node: env.ids[i], step, kind: 'gradient', to: env.serverId });
    } else {
      const msg: GradientMsg = { kind: 'gradient', step, from: env.ids[i], index: i, grad: payload.grad, loss: payload.loss };
      this.lastSent[i] = msg;
      env.send(i, msg);
    }
    if (this.latestStep[i] > step) this.start(i, self);
  }
}
