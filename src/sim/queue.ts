/**
 * The event queue: a binary min-heap ordered by (time, priority, sequence number) —
 * SimPy's determinism contract: two events due at the same instant fire in the order of
 * their priority, then in the order they were scheduled.
 *
 * An entry is a target, an argument and an integer (`target.fire(arg, id)`), not a closure: the
 * network posts itself with the message and the channel's index, so a delivery allocates nothing.
 * The heap is a structure of arrays — times and (priority, sequence) keys in Float64Arrays, the
 * integers in an Int32Array, moved together with the targets and arguments — so sifting compares
 * contiguous numbers instead of chasing one object per entry.
 */

/**
 * What an entry fires: `fire(arg, id)`, `id` the integer posted with it (a channel, a worker: a
 * target that serves many of them is told which without an object per entry). `cancelled` entries
 * are skipped; `wait`, when set, is awaited before firing.
 */
export interface Target<A = unknown> {
  readonly cancelled: boolean;
  readonly wait: Promise<unknown> | undefined;
  fire(arg: A, id?: number): void;
}

/** A scheduled callback (timers, computations): the cancellable kind of target. */
export interface SimEvent extends Target<unknown> {
  time: number;
  prio: number;
  seq: number;
  /** Set by `cancel`; a cancelled event is skipped when it reaches the top. */
  cancelled: boolean;
  fire: () => void;
  /** When set, the kernel awaits it before firing (a computation running off-thread). */
  wait: Promise<unknown> | undefined;
}

/** Sequence numbers below 2⁴⁰ (10¹² events) keep (priority, sequence) exact in one double. */
const SEQ_SPAN = 2 ** 40;

export class EventQueue {
  private times = new Float64Array(1024);
  private keys = new Float64Array(1024);
  private ids = new Int32Array(1024);
  private targets: Target<any>[] = [];
  private args: unknown[] = [];
  private n = 0;

  get size(): number {
    return this.n;
  }

  /** Time of the top entry (Infinity when empty). */
  get topTime(): number {
    return this.n > 0 ? this.times[0] : Infinity;
  }

  /** The top entry's target and argument (undefined when empty). */
  get topTarget(): Target<any> | undefined {
    return this.n > 0 ? this.targets[0] : undefined;
  }

  get topArg(): unknown {
    return this.args[0];
  }

  get topId(): number {
    return this.ids[0];
  }

  /** Add `target.fire(arg, id)` due at `time`, ordered by (time, prio, seq). */
  add<A>(time: number, prio: number, seq: number, target: Target<A>, arg: A, id = 0): void {
    if (this.n === this.times.length) this.grow();
    const { times, keys, ids, targets, args } = this;
    const key = prio * SEQ_SPAN + seq;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = times[p];
      if (tp < time || (tp === time && keys[p] < key)) break;
      times[i] = tp;
      keys[i] = keys[p];
      ids[i] = ids[p];
      targets[i] = targets[p];
      args[i] = args[p];
      i = p;
    }
    times[i] = time;
    keys[i] = key;
    ids[i] = id;
    targets[i] = target;
    args[i] = arg;
  }

  /** Remove the top entry. */
  removeTop(): void {
    const { times, keys, ids, targets, args } = this;
    const n = --this.n;
    if (n <= 0) {
      this.n = 0;
      targets[0] = undefined as never;
      args[0] = undefined;
      return;
    }
    const time = times[n];
    const key = keys[n];
    const id = ids[n];
    const target = targets[n];
    const arg = args[n];
    targets[n] = undefined as never;
    args[n] = undefined;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (times[r] < times[c] || (times[r] === times[c] && keys[r] < keys[c]))) c = r;
      if (time < times[c] || (time === times[c] && key < keys[c])) break;
      times[i] = times[c];
      keys[i] = keys[c];
      ids[i] = ids[c];
      targets[i] = targets[c];
      args[i] = args[c];
      i = c;
    }
    times[i] = time;
    keys[i] = key;
    ids[i] = id;
    targets[i] = target;
    args[i] = arg;
  }

  /** Add a scheduled callback (its own time, priority and sequence number). */
  push(ev: SimEvent): void {
    this.add(ev.time, ev.prio, ev.seq, ev, undefined);
  }

  /** The top callback, for queues that hold callbacks only. */
  peek(): SimEvent | undefined {
    return this.topTarget as SimEvent | undefined;
  }

  /** Take the top callback off, for queues that hold callbacks only. */
  pop(): SimEvent | undefined {
    const top = this.topTarget as SimEvent | undefined;
    if (top !== undefined) this.removeTop();
    return top;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    const keys = new Float64Array(this.keys.length * 2);
    const ids = new Int32Array(this.ids.length * 2);
    times.set(this.times);
    keys.set(this.keys);
    ids.set(this.ids);
    this.times = times;
    this.keys = keys;
    this.ids = ids;
  }
}
