/**
 * A quorum collector for one step: admits at most one message per sender, only finite vectors
 * of dimension d, and remembers messages of later steps until their step comes (asynchronous
 * networks deliver them early). Used by GuanYu's replicas and workers; any protocol that waits for
 * the first q messages of a step.
 */
import { isAdmissible } from '../../gars/index.ts';
import type { Kernel } from '../../sim/kernel.ts';
import type { History } from './history.ts';

export interface Stepped {
  readonly step: number;
  readonly from: string;
}

/** Why a message was admitted or not: `stale` (an older step), `closed` (this step admits no more), `duplicate` (its sender's second), `admissible` (not a finite d-vector), `quorum` (admitted). */
export type QuorumRule = 'stale' | 'closed' | 'duplicate' | 'admissible' | 'quorum';

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
    /** Told each decision on a message of the current step (for the history's `filter` records). */
    private readonly judged?: (m: M, accept: boolean, rule: QuorumRule) => void,
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
      return this.reject(m, m.step < current ? 'stale' : 'closed');
    }
    if (this.senders.has(m.from)) {
      this.counters.duplicates++;
      return this.reject(m, 'duplicate');
    }
    if (!isAdmissible(this.vectorOf(m), this.d)) {
      this.counters.faulty++;
      return this.reject(m, 'admissible');
    }
    this.senders.add(m.from);
    this.inbox.push(m);
    this.judged?.(m, true, 'quorum');
    return true;
  }

  private reject(m: M, rule: QuorumRule): false {
    this.judged?.(m, false, rule);
    return false;
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

/** A StepQuorum's `judged` hook writing node `id`'s decisions as the history's `filter` records (built only when the history is on). */
export function filterRecorder(env: { readonly id: string; readonly kernel: Kernel; readonly history: History }) {
  return (m: { step: number; from: string; kind: string }, accept: boolean, rule: QuorumRule | 'kind') => {
    if (env.history.on) env.history.record({ t: env.kernel.now, ev: 'filter', node: env.id, step: m.step, from: m.from, kind: m.kind, accept, rule });
  };
}
