import test from 'ava';
import fc from 'fast-check';
import { AGGRESSIVE, attacks, checkSchedule, MILD, SCHEDULES } from '../../src/attacks/schedule.ts';

const stepsActing = (s: Parameters<typeof attacks>[0], j: number, upTo: number) => Array.from({ length: upTo }, (_, t) => t).filter((t) => attacks(s, j, t));

test('aggressive (seed 003): attackers 0 and 1 every step from 100, attacker 2 never', (t) => {
  t.deepEqual(stepsActing(AGGRESSIVE, 0, 105), [100, 101, 102, 103, 104]);
  t.deepEqual(stepsActing(AGGRESSIVE, 1, 103), [100, 101, 102]);
  t.deepEqual(stepsActing(AGGRESSIVE, 2, 900), []);
});

test('mild (seed 003): attacker 0 every 5th step from 100, nobody else', (t) => {
  t.deepEqual(stepsActing(MILD, 0, 121), [100, 105, 110, 115, 120]);
  t.deepEqual(stepsActing(MILD, 1, 900), []);
  t.is(stepsActing(MILD, 0, 900).length, 160);
});

test('windows are half-open [from, to) and combine with every', (t) => {
  const s = {
    windows: [
      [10, 13],
      [20, 22],
    ] as [number, number][],
    every: 2,
  };
  t.deepEqual(stepsActing(s, 0, 30), [10, 12, 20]);
});

test('no schedule means always', (t) => {
  t.true(attacks(undefined, 7, 0));
  t.deepEqual(SCHEDULES.get('always'), {});
});

test('checkSchedule: one-line messages for bad schedules', (t) => {
  t.is(checkSchedule(AGGRESSIVE, 2), undefined);
  t.regex(checkSchedule(AGGRESSIVE, 1) ?? '', /count=2 attackers but only f=1/);
  t.regex(checkSchedule({ every: 0 }, 1) ?? '', /every must be an integer ≥ 1/);
  t.regex(checkSchedule({ start: -1 }, 1) ?? '', /start must be/);
  t.regex(checkSchedule({ windows: [[5, 5]] }, 1) ?? '', /window must be \[from, to\)/);
});

test('property: an attacker acts only at or after start, on the every-grid, and only if j < count', (t) => {
  fc.assert(
    fc.property(fc.nat(200), fc.integer({ min: 1, max: 10 }), fc.nat(5), fc.nat(5), fc.nat(400), (start, every, count, j, step) => {
      const on = attacks({ start, every, count }, j, step);
      return on === (j < count && step >= start && (step - start) % every === 0);
    }),
    { seed: 42, numRuns: 500 },
  );
  t.pass();
});
