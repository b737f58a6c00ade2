/**
 * A quorum collector for one step: admits at most one message per sender, only finite vectors
 * of dimension d, and remembers messages of later steps until their step comes (asynchronous
 * networks deliver them early). Used by GuanYu's replicas and workers; any protocol that waits for
 * the first q messages of a step.
 */
import { isAdmissible } from '../../gars/index.ts';

export interface Stepped {
  readonly step: number;
  readonly from: string;
}

export interface QuorumCounters {
  stale: number;
  faulty: number;
  duplicates: number;
}

export class StepQuorum<M extends Stepped> {
  private inbox: M[] = [];
  private senders = new Set<string>();
  private readonly later = new Map<number, M[]>();

  constructor(
    private readonly d: number,
    private readonly vectorOf: (m: M) => unknown,
    readonly counters: QuorumCounters,
  ) {}

  get size(): number {
    return this.inbox.length;
  }

  get messages(): readonly M[] {
    return this.inbox;
  }

  /**
   * Offer a message while collecting step `current` (`open`: this step still admits; at most
   * `capacity` messages); returns true if it was admitted now.
   */
  offer(m: M, current: number, open: boolean, capacity = Infinity): boolean {
    if (m.step > current) {
      const list = this.later.get(m.step);
      if (list) list.push(m);
      else this.later.set(m.step, [m]);
      return false;
    }
    if (m.step < current || !open || this.inbox.length >= capacity) {
      this.counters.stale++;
      return false;
    }
    if (this.senders.has(m.from)) {
      this.counters.duplicates++;
      return false;
    }
    if (!isAdmissible(this.vectorOf(m), this.d)) {
      this.counters.faulty++;
      return false;
    }
    this.senders.add(m.from);
    this.inbox.push(m);
    return true;
  }

  /** Move to step `next`: forget this step's messages; returns the ones that arrived early for it. */
  advance(next: number): M[] {
    this.inbox = [];
    this.senders = new Set();
    const early = this.later.get(next) ?? [];
    this.later.delete(next);
    return early;
  }
}
