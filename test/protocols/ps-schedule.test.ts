import test from 'ava';
import fc from 'fast-check';
import { fixed } from '../../src/net/delay/fixed.ts';
import { runSkeleton } from '../../src/protocols/ps/skeleton.ts';

/** An adversarial schedule: the k-th message sent takes delays[k mod len] ms. */
const schedule = fc.array(fc.oneof(fc.double({ min: 0, max: 50, noNaN: true }), fc.constantFrom(0, 1e4)), { minLength: 1, maxLength: 64 });
const scheduler = (delays: number[]) => {
  let k = 0;
  return () => delays[k++ % delays.length];
};
const settings = { seed: 2026, numRuns: 60 };

test('async quorum: under any message schedule, every step aggregates exactly q distinct current gradients and the run completes', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 9 }), fc.integer({ min: 0, max: 8 }), schedule, (n, qOff, delays) => {
      const q = 1 + (qOff % n);
      const r = runSkeleton({ n, steps: 12, policy: 'async', quorum: q, delay: fixed.sampler({ ms: 1 }), scheduler: scheduler(delays) });
      t.is(r.steps.length, 12);
      for (const s of r.steps) {
        t.is(s.used.length, q);
        t.is(new Set(s.used.map((m) => m.from)).size, q, 'no worker counted twice');
        t.true(
          s.used.every((m) => m.step === s.step),
          'no stale gradient aggregated',
        );
      }
      t.true(
        r.steps.every((s, i) => i === 0 || s.timeMs >= r.steps[i - 1].timeMs),
        'virtual time never goes back',
      );
    }),
    settings,
  );
});

test('sync without timeout waits for all n; with duplication, duplicates are counted and never aggregated twice', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 8 }), schedule, fc.double({ min: 0, max: 0.5, noNaN: true }), (n, delays, dup) => {
      const r = runSkeleton({ n, steps: 6, policy: 'sync', quorum: n, delay: fixed.sampler({ ms: 1 }), scheduler: scheduler(delays), duplicationRate: dup });
      t.is(r.steps.length, 6);
      for (const s of r.steps) t.deepEqual(s.used.map((m) => m.from).sort(), Array.from({ length: n }, (_, i) => `w${i}`).sort());
      t.is(r.network.stats.duplicated > 0 ? r.server.duplicates + r.server.stale > 0 : true, true);
    }),
    settings,
  );
});

test('non-finite or malformed vectors are never aggregated, whatever the schedule', (t) => {
  const bad = [Float32Array.of(NaN), Float32Array.of(Infinity), Float32Array.of(1, 2), [1], 'x', null];
  fc.assert(
    fc.property(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 1, max: 2 }), schedule, (n, f, delays) => {
      const r = runSkeleton({
        n,
        steps: 8,
        policy: 'async',
        quorum: n - f,
        delay: fixed.sampler({ ms: 1 }),
        scheduler: scheduler(delays),
        payload: (i) => (i >= n - f ? bad[i % bad.length] : Float32Array.of(1)),
      });
      t.is(r.steps.length, 8);
      t.true(r.steps.every((s) => s.used.every((m) => m.index < n - f)));
    }),
    settings,
  );
});

test('a crashed worker stalls a sync server without timeout; with a timeout and quorum the run goes on', (t) => {
  const crash = new Map([[0, 5]]);
  const stalled = runSkeleton({ n: 4, steps: 10, policy: 'sync', quorum: 4, delay: fixed.sampler({ ms: 2 }), crashAtMs: crash });
  t.true(stalled.steps.length < 10);
  const live = runSkeleton({ n: 4, steps: 10, policy: 'sync', quorum: 3, timeoutMs: 20, delay: fixed.sampler({ ms: 2 }), crashAtMs: crash });
  t.is(live.steps.length, 10);
  t.true(live.steps.slice(1).every((s) => s.timedOut && s.used.length === 3));
});

test('lossy links: retransmission on timeout keeps an async server live', (t) => {
  fc.assert(
    fc.property(fc.double({ min: 0, max: 0.6, noNaN: true }), fc.integer({ min: 1, max: 1000 }), (loss, seed) => {
      const r = runSkeleton({ n: 5, steps: 10, policy: 'async', quorum: 4, timeoutMs: 30, delay: fixed.sampler({ ms: 1 }), lossRate: loss, seed });
      t.is(r.steps.length, 10);
    }),
    { seed: 7, numRuns: 40 },
  );
});
