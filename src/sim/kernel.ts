/**
 * The discrete-event kernel: a virtual clock and an event queue. Actors never read wall-clock
 * time; they schedule callbacks on the kernel (directly, or through the xstate clock it
 * exposes). Computations that run off-thread are attached to the event that completes them
 * (`wait`) and awaited only when the clock reaches it, so independent ones overlap while
 * the order of events stays a pure function of the scenario and seed.
 *
 * Two ways onto the queue: `schedule` (a callback with a cancel handle: timers, computations) and
 * `post` (a target, its argument and an integer, `target.fire(arg, id)`: what the network does
 * with each message, so a delivery allocates nothing). Both share one sequence counter, so the order of events depends
 * only on when they were scheduled, not on how.
 *
 * Every run ends: when the queue empties (`idle`), when an actor or observer calls `stop()`,
 * at a limit (`until`, `max-events`), or at the watchdog's `deadline` — a virtual time a
 * progress detector keeps moving forward (src/protocols/runtime/stall.ts) and the kernel never
 * runs past. `ended` says which; none of them schedules an event, so limits change no result.
 */
import { EventQueue, type SimEvent, type Target } from './queue.ts';

/** Priorities for events due at the same instant: lower fires first. */
export const PRIO = { deliver: 0, timer: 1, compute: 2, control: 3 } as const;

export interface RunLimits {
  /** Stop before the first event later than this virtual time (ms). */
  readonly untilMs?: number;
  /** Bound on the number of events fired (every loop is bounded). */
  readonly maxEvents?: number;
}

/** Why `run` returned: no event left, `stop()` called, a limit, or the watchdog's deadline. */
export type KernelEnd = 'idle' | 'stopped' | 'until' | 'max-events' | 'deadline';

export class Kernel {
  private readonly queue = new EventQueue();
  private seq = 0;
  private stopped = false;
  /** Virtual time in milliseconds. */
  now = 0;
  /** Events fired so far. */
  fired = 0;
  /** The watchdog: no event later than this virtual time fires (a progress detector moves it). */
  deadline = Infinity;
  /** Why the last `run` returned (undefined before). */
  ended: KernelEnd | undefined;

  /** Schedule `fire` after `delayMs` of virtual time (≥ 0). */
  schedule(delayMs: number, fire: () => void, prio: number = PRIO.timer, wait?: Promise<unknown>): SimEvent {
    if (!(delayMs >= 0)) throw new Error(`kernel: delay must be a number ≥ 0, got ${delayMs}`);
    const ev: SimEvent = { time: this.now + delayMs, prio, seq: this.seq++, cancelled: false, fire, wait };
    this.queue.push(ev);
    return ev;
  }

  /** Fire `target.fire(arg, id)` after `delayMs` of virtual time (≥ 0): no closure, no cancel handle. */
  post<A>(delayMs: number, target: Target<A>, arg: A, prio: number, id = 0): void {
    if (!(delayMs >= 0)) throw new Error(`kernel: delay must be a number ≥ 0, got ${delayMs}`);
    this.queue.add(this.now + delayMs, prio, this.seq++, target, arg, id);
  }

  cancel(ev: SimEvent): void {
    ev.cancelled = true;
  }

  /** Stop the run after the current event. */
  stop(): void {
    this.stopped = true;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Virtual time of the next live event (Infinity when none is left); cancelled events on top are discarded. */
  peekTime(): number {
    const q = this.queue;
    for (let top = q.topTarget; top !== undefined; top = q.topTarget) {
      if (!top.cancelled) return q.topTime;
      q.removeTop();
    }
    return Infinity;
  }

  /** The clock xstate's `createActor(logic, { clock })` takes: timers on virtual time. */
  readonly clock = {
    setTimeout: (fn: (...args: unknown[]) => void, ms: number) => this.schedule(ms, fn as () => void),
    clearTimeout: (ev: unknown) => this.cancel(ev as SimEvent),
  };

  /** Run events until the queue empties, `stop()` is called, a limit or the deadline is reached. */
  async run(limits: RunLimits = {}): Promise<KernelEnd> {
    const q = this.queue;
    const maxEvents = limits.maxEvents ?? Number.MAX_SAFE_INTEGER;
    const untilMs = limits.untilMs ?? Infinity;
    while (this.ready(maxEvents, untilMs)) {
      const time = q.topTime;
      const target = q.topTarget!;
      const arg = q.topArg;
      const id = q.topId;
      q.removeTop();
      if (target.wait !== undefined) await target.wait;
      this.now = time;
      this.fired++;
      target.fire(arg, id);
    }
    return this.ended!;
  }

  /** Run without awaiting anything: for simulations whose events never carry a pending computation. */
  runSync(limits: RunLimits = {}): KernelEnd {
    const q = this.queue;
    const maxEvents = limits.maxEvents ?? Number.MAX_SAFE_INTEGER;
    const untilMs = limits.untilMs ?? Infinity;
    while (this.ready(maxEvents, untilMs)) {
      const time = q.topTime;
      const target = q.topTarget!;
      const arg = q.topArg;
      const id = q.topId;
      q.removeTop();
      if (target.wait !== undefined) throw new Error('kernel.runSync: an event awaits a computation; use run()');
      this.now = time;
      this.fired++;
      target.fire(arg, id);
    }
    return this.ended!;
  }

  /** Whether the live event on top of the queue may fire within the limits; else sets `ended`. */
  private ready(maxEvents: number, untilMs: number): boolean {
    if (this.stopped) return this.end('stopped');
    if (this.fired >= maxEvents) return this.end('max-events');
    const time = this.peekTime();
    if (time === Infinity) return this.end('idle');
    if (time > untilMs) return this.end('until');
    if (time > this.deadline) return this.end('deadline');
    return true;
  }

  private end(why: KernelEnd): false {
    this.ended = why;
    return false;
  }
}
