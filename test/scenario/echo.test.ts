/**
 * Issue 11, class "echoing input": messages quote the user's value truncated to about 100
 * characters, name NaN and Infinity as such (JSON would print null), and a scenario that is
 * not a mapping is not echoed whole. Also: no override path reaches an object's prototype.
 */
import test from 'ava';
import { parseSets } from '../../src/cli/flags.ts';
import { UserError } from '../../src/cli/errors.ts';
import { checkPath, setPath } from '../../src/scenario/checks/path.ts';
import { clip, show } from '../../src/scenario/checks/show.ts';
import { planScenario, ScenarioError } from '../../src/scenario/load.ts';

const base = () => ({ name: 't', steps: 5, workers: { n: 7, f: 1, batch: 8, attack: 'sign-flip' }, server: { gar: 'median', policy: 'sync' } });

test('show: NaN, ±Infinity, strings, lists and mappings, cut to ≈ 100 characters', (t) => {
  t.is(show(NaN), 'NaN');
  t.is(show(Infinity), 'Infinity');
  t.is(show(-Infinity), '-Infinity');
  t.is(show([1, NaN, { a: Infinity }]), '[1, NaN, {a: Infinity}]');
  t.is(show('banana'), '"banana"');
  t.is(show(undefined), 'nothing');
  const long = show('x'.repeat(50_000_000));
  t.true(long.length <= 101 && long.endsWith('…'), `${long.length}`);
  const deep = show(Array.from({ length: 1e6 }, (_, i) => i));
  t.true(deep.length <= 101 && deep.startsWith('[0, 1, 2'), deep);
  t.is(clip('a\nb\r\n  c'), 'a b c', 'one line');
});

test('a scenario that is not a mapping is quoted, truncated: a 10 MB scalar gives a short line', (t) => {
  const err = t.throws(() => planScenario('junk '.repeat(2_000_000), 's.yaml'), { instanceOf: ScenarioError });
  t.regex(err!.message, /^s\.yaml: a scenario is a YAML mapping, got "junk junk/);
  t.true(err!.message.length < 200, `${err!.message.length} characters`);
  t.throws(() => planScenario([1, 2, 3], 's.yaml'), { message: 's.yaml: a scenario is a YAML mapping, got [1, 2, 3]' });
  t.throws(() => planScenario(null, 's.yaml'), { message: 's.yaml: a scenario is a YAML mapping, got null' });
});

test('NaN and Infinity are named in schema messages, never "got null"', (t) => {
  const e1 = t.throws(() => planScenario({ ...base(), server: { gar: 'median', lr: NaN } }, 's.yaml'));
  t.is(e1!.message, 's.yaml: server.lr: NaN — must be a finite number');
  const e2 = t.throws(() => planScenario({ ...base(), workers: { ...base().workers, batch: Infinity } }, 's.yaml'));
  t.is(e2!.message, 's.yaml: workers.batch: Infinity — must be a finite number');
  const e3 = t.throws(() => planScenario({ ...base(), description: 'd'.repeat(10_000), steps: -Infinity }, 's.yaml'));
  t.regex(e3!.message, /steps: -Infinity — must be a finite number/);
});

test('long values are truncated in every message: a huge unknown name, a huge list value', (t) => {
  const e1 = t.throws(() => planScenario({ ...base(), workers: { ...base().workers, attack: 'a'.repeat(100_000) } }, 's.yaml'));
  t.true(e1!.message.length < 1001, `${e1!.message.length}`);
  const e2 = t.throws(() => planScenario({ ...base(), model: { name: 'mlp', hidden: Array.from({ length: 100_000 }, () => -1) } }, 's.yaml'));
  t.regex(e2!.message, /model\.hidden\[0\]: -1 — must be ≥ 1/);
});

test('no path reaches a prototype: --set, grid and variants keys', (t) => {
  for (const p of ['__proto__', 'a.__proto__.b', 'constructor.prototype', 'x.prototype']) t.regex(checkPath(p) ?? '', /may not name/);
  t.throws(() => parseSets(['__proto__.polluted=1']), { instanceOf: UserError, message: /may not name __proto__/ });
  t.throws(() => planScenario({ ...base(), grid: { '__proto__.polluted': [1] } }, 's.yaml'), { instanceOf: ScenarioError, message: /may not name __proto__/ });
  t.throws(() => planScenario({ ...base(), variants: [{ set: { 'constructor.prototype.polluted': 1 } }] }, 's.yaml'), { message: /may not name constructor/ });
  const o: Record<string, unknown> = {};
  t.is(setPath(o, 'toString.x', 1), undefined);
  t.deepEqual(o.toString, { x: 1 }, 'an inherited key is not walked into: an own mapping is created');
  t.is(typeof Object.prototype.toString, 'function');
  t.is(({} as Record<string, unknown>).polluted, undefined);
  t.is((Object.prototype as Record<string, unknown>).x, undefined);
});
