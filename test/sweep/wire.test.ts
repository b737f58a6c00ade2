import test from 'ava';
import { fromWire, toWire } from '../../src/sweep/wire.ts';

/** What BullMQ does to a job's data and to its return value. */
const throughJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

test('numbers JSON cannot hold (±∞, NaN, −0) and undefined survive the queue: toWire, JSON, fromWire', (t) => {
  const value = {
    label: 'Infinity',
    params: { epsilon: Infinity, low: -Infinity, nan: Number.NaN, zero: -0, gmax: 1, missing: undefined },
    list: [1, Infinity, undefined, null, 'x'],
    nested: [{ a: -0 }],
  };
  const back = fromWire(throughJson(toWire(value)));
  t.deepEqual(Object.keys(back.params), ['epsilon', 'low', 'nan', 'zero', 'gmax', 'missing']);
  t.is(back.params.epsilon, Infinity);
  t.is(back.params.low, -Infinity);
  t.true(Number.isNaN(back.params.nan));
  t.true(Object.is(back.params.zero, -0));
  t.true(Object.is(back.nested[0].a, -0));
  t.is(back.params.missing, undefined);
  t.deepEqual(back.list, [1, Infinity, undefined, null, 'x']);
  t.is(back.label, 'Infinity', 'a string stays a string');
  t.is(throughJson(value).params.epsilon as unknown, null, 'what plain JSON would have sent: ε = ∞ as null');
});

test('plain JSON values pass unchanged', (t) => {
  const value = { a: 1, b: 'two', c: [true, null, { d: 0.5 }] };
  t.deepEqual(throughJson(toWire(value)) as unknown, value);
  t.deepEqual(fromWire(throughJson(toWire(value))), value);
});
