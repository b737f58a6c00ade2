/**
 * The discrete-event kernel: a virtual clock and an event queue. Actors never read wall-clock
 * time; they schedule callbacks on the kernel (directly, or through the xstate clock it
 * exposes). Computations that run off-thread are attached to the event that completes them
 * (`wait`) and awaited only when the clock reaches it, so independent ones overlap while
 * the order of events stays a pure function of the scenario and seed.
 *
 * Every run ends: when the queue empties (`idle`), when an actor or observer calls `stop()`,
 * at a limit (`until`, `max-events`), or at the watchdog's `deadline` — a virtual time a
 * progress detector keeps moving forward (src/protocols/runtime/stall.ts) and the kernel never
 * runs past. `ended` says which; none of them schedules an event, so limits change no result.
 */
import { EventQueue, type SimEvent } from './queue.ts';

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
    for (let ev = this.queue.peek(); ev !== undefined; ev = this.queue.peek()) {
      if (!ev.cancelled) return ev.time;
      this.queue.pop();
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
    for (let ev = this.next(limits); ev !== undefined; ev = this.next(limits)) {
      if (ev.wait !== undefined) await ev.wait;
      this.fire(ev);
    }
    return this.ended!;
  }

  /** Run without awaiting anything: for simulations whose events never carry a pending computation. */
  runSync(limits: RunLimits = {}): KernelEnd {
    for (let ev = this.next(limits); ev !== undefined; ev = this.next(limits)) {
      if (ev.wait !== undefined) throw new Error('kernel.runSync: an event awaits a computation; use run()');
      this.fire(ev);
    }
    return this.ended!;
  }

  /** The next live event within the limits, taken off the queue (not yet fired); else sets `ended`. */
  private next(limits: RunLimits): SimEvent | undefined {
    if (this.stopped) return this.end('stopped');
    if (this.fired >= (limits.maxEvents ?? Number.MAX_SAFE_INTEGER)) return this.end('max-events');
    const time = this.peekTime();
    if (time === Infinity) return this.end('idle');
    if (time > (limits.untilMs ?? Infinity)) return this.end('until');
    if (time > this.deadline) return this.end('deadline');
    return this.queue.pop();
  }

  private end(why: KernelEnd): undefined {
    this.ended = why;
    return undefined;
  }

  private fire(ev: SimEvent): void {
    this.now = ev.time;
    this.fired++;
    ev.fire();
  }
}
