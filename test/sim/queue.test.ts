import test from 'ava';
import fc from 'fast-check';
import { EventQueue, type SimEvent } from '../../src/sim/queue.ts';

const ev = (time: number, prio: number, seq: number): SimEvent => ({ time, prio, seq, cancelled: false, fire: () => undefined, wait: undefined });

test('events pop in (time, priority, sequence) order', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3 })), { maxLength: 200 }), (items) => {
      const q = new EventQueue();
      items.forEach(([time, prio], seq) => q.push(ev(time, prio, seq)));
      const out: SimEvent[] = [];
      while (q.size > 0) out.push(q.pop()!);
      const sorted = [...out].sort((a, b) => a.time - b.time || a.prio - b.prio || a.seq - b.seq);
      t.deepEqual(
        out.map((e) => e.seq),
        sorted.map((e) => e.seq),
      );
    }),
    { seed: 42, numRuns: 100 },
  );
});

test('targets with arguments pop in (time, priority, sequence) order, each with its own argument, the heap growing past its first capacity', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 50, noNaN: true }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 3000 }), (items) => {
      const q = new EventQueue();
      const fired: number[] = [];
      const target = { cancelled: false, wait: undefined, fire: (seq: number) => void fired.push(seq) };
      items.forEach(([time, prio], seq) => q.add(time, prio, seq, target, seq));
      while (q.size > 0) {
        q.topTarget!.fire(q.topArg as number);
        q.removeTop();
      }
      const order = items.map(([time, prio], seq) => ({ time, prio, seq })).sort((a, b) => a.time - b.time || a.prio - b.prio || a.seq - b.seq);
      return fired.length === items.length && fired.every((s, k) => s === order[k].seq) && q.topTime === Infinity && q.topTarget === undefined;
    }),
    { seed: 7, numRuns: 60 },
  );
  t.pass();
});
