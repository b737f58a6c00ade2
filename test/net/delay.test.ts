import test from 'ava';
import fc from 'fast-check';
import { DELAYS } from '../../src/net/delay/index.ts';
import { boundDelay } from '../../src/net/synchrony.ts';
import { partitionPredicates } from '../../src/net/partition.ts';
import { stream } from '../../src/sim/rng.ts';

const mean = (name: string, params: Record<string, number>, draws = 20000) => {
  const s = DELAYS.get(name)!.sampler(params);
  const rng = stream(1, name);
  let sum = 0;
  for (let i = 0; i < draws; i++) sum += s(rng);
  return sum / draws;
};

test('delay models have the documented means', (t) => {
  t.is(mean('fixed', { ms: 3 }, 10), 3);
  t.true(Math.abs(mean('uniform', { minMs: 2, maxMs: 6 }) - 4) < 0.05);
  t.true(Math.abs(mean('exponential', { meanMs: 10, minMs: 1 }) - 11) < 0.3);
  t.true(Math.abs(mean('lognormal', { medianMs: 10, sigma: 0.5 }) - 10 * Math.exp(0.125)) < 0.2);
  // Pareto mean = scale·α/(α−1) for α > 1.
  t.true(Math.abs(mean('pareto', { scaleMs: 2, alpha: 3 }, 50000) - 3) < 0.1);
});

test('delay models reject negative and non-finite parameters, naming the field', (t) => {
  t.regex(DELAYS.get('fixed')!.check({ ms: -1 })!, /network\.delay\.ms: fixed needs a finite number ≥ 0, got -1/);
  t.regex(DELAYS.get('exponential')!.check({ meanMs: 0 })!, /meanMs.*> 0/);
  t.regex(DELAYS.get('uniform')!.check({ minMs: 5, maxMs: 1 })!, /maxMs ≥ minMs/);
  t.is(DELAYS.get('pareto')!.check({ scaleMs: 1, alpha: 1.2 }), undefined);
});

test('synchrony bounds: sync ≤ Δ; partial ≤ Δ after GST and by GST+Δ before; async unbounded', (t) => {
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 1e6, noNaN: true }),
      fc.double({ min: 0, max: 1e4, noNaN: true }),
      fc.double({ min: 0.1, max: 100, noNaN: true }),
      fc.double({ min: 0, max: 1e4, noNaN: true }),
      (sample, now, delta, gst) => {
        t.true(boundDelay({ mode: 'synchronous', deltaMs: delta }, now, sample) <= delta);
        const p = boundDelay({ mode: 'partial', deltaMs: delta, gstMs: gst }, now, sample);
        if (now >= gst) t.true(p <= delta);
        else t.true(now + p <= gst + delta + 1e-9);
        t.is(boundDelay({ mode: 'asynchronous' }, now, sample), sample);
      },
    ),
    { seed: 3, numRuns: 300 },
  );
});

test('partitions cut messages across groups only inside their window', (t) => {
  const { cut, cutInFlight } = partitionPredicates([{ fromMs: 10, toMs: 20, groups: [['server', 'w0'], ['w1']] }])!;
  t.is(cutInFlight, undefined, 'in-flight messages are delivered by default');
  t.true(cut(15, 'w1', 'server'));
  t.false(cut(15, 'w0', 'server'));
  t.false(cut(15, 'w2', 'server'), 'unlisted nodes stay connected');
  t.false(cut(20, 'w1', 'server'), 'the window is half-open');
  t.false(cut(9.99, 'w1', 'server'));
});
