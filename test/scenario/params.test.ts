/**
 * Issue 11, class "parameters of named things": every registry entry (GAR, pre-aggregator,
 * attack, privacy mechanism, delay model, schedule) declares its parameters with a schema, and
 * validation refuses unknown keys and bad values with the field, the entry, the value and the
 * rule — before anything runs.
 */
import test from 'ava';
import { ATTACKS } from '../../src/attacks/index.ts';
import { GARS, PRE_AGGREGATORS } from '../../src/gars/index.ts';
import { DELAYS } from '../../src/net/delay/index.ts';
import { PRIVACY } from '../../src/privacy/index.ts';
import { planScenario, ScenarioError } from '../../src/scenario/load.ts';

const base = () => ({
  name: 't',
  steps: 5,
  workers: { n: 11, f: 1, batch: 8, attack: 'sign-flip' as unknown },
  server: { gar: 'median' as unknown, policy: 'sync' },
});
const withAttack = (attack: unknown) => ({ ...base(), workers: { ...base().workers, attack } });
const withGar = (gar: unknown, extra: Record<string, unknown> = {}) => ({ ...base(), server: { ...base().server, gar, ...extra } });

const refused = (t: import('ava').ExecutionContext, doc: unknown, pattern: RegExp) => {
  const err = t.throws(() => planScenario(doc, 's.yaml'), { instanceOf: ScenarioError });
  t.regex(err!.message, pattern);
  t.false(err!.message.includes('\n'), 'one line');
  t.notRegex(err!.message, /\(and \d+ more\)/, 'the schema reports the problem once');
};

test('every registry entry declares a schema that accepts its own defaults', (t) => {
  const entries = [...GARS.values(), ...PRE_AGGREGATORS.values(), ...ATTACKS.values(), ...PRIVACY.values(), ...DELAYS.values()];
  for (const e of entries) {
    t.truthy(e.schema, `${e.name} has a schema`);
    // a default written as documentation, e.g. multi-krum's m: 'n-f-2 (byzfl: n-f)', is not a value
    const defaults = Object.fromEntries(Object.entries(e.params).filter(([, v]) => !(typeof v === 'string' && v.includes('('))));
    const r = e.schema.safeParse(defaults);
    t.true(r.success, `${e.name}'s defaults ${JSON.stringify(defaults)} pass its schema: ${r.success ? '' : r.error.issues[0].message}`);
    t.false(e.schema.safeParse({ ...defaults, notAParameter: 1 }).success, `${e.name} refuses unknown keys`);
  }
});

test('unknown keys (a typo such as scael) are refused with the known keys, for every kind of named thing', (t) => {
  refused(t, withAttack({ name: 'sign-flip', params: { scael: 4 } }), /workers\.attack\.params\.scael: unknown parameter of sign-flip \(known: scale\)/);
  refused(
    t,
    withGar({ name: 'centered-clip', params: { taus: 4 } }),
    /server\.gar\.params\.taus: unknown parameter of centered-clip \(known: tau, iterations, start, tol\)/,
  );
  refused(
    t,
    withGar([{ name: 'bucketing', params: { size: 2 } }, 'median']),
    /server\.gar\[0\]\.params\.size: unknown parameter of bucketing \(known: s, permutation\)/,
  );
  refused(
    t,
    { ...base(), workers: { ...base().workers, privacy: { name: 'gaussian', params: { eps: 1 } } } },
    /workers\.privacy\.params\.eps: unknown parameter of gaussian \(known: gmax, epsilon, delta\)/,
  );
  refused(t, { ...base(), network: { delay: { model: 'pareto', scale: 5 } } }, /network\.delay\.scale: unknown parameter of pareto \(known: scaleMs, alpha\)/);
  refused(
    t,
    { ...base(), workers: { ...base().workers, schedule: { begin: 3 } } },
    /workers\.schedule\.begin: unknown key \(known: start, every, windows, count\)/,
  );
  refused(t, withAttack({ name: 'label-flip', params: { p: 0.5 } }), /label-flip \(known: none — it takes no parameters\)/);
});

test('bad values are refused with the value and the rule, not mid-run (centered-clip start: banana)', (t) => {
  refused(
    t,
    withGar({ name: 'centered-clip', params: { start: 'banana' } }),
    /server\.gar\.params\.start: "banana" — centered-clip needs previous, zero, median or a JSON vector/,
  );
  refused(t, withGar({ name: 'centered-clip', params: { tau: -1 } }), /server\.gar\.params\.tau: -1 — centered-clip needs > 0/);
  refused(t, withGar({ name: 'geometric-median', params: { maxIter: 2.5 } }), /server\.gar\.params\.maxIter: 2\.5 — geometric-median needs an integer/);
  refused(t, withGar({ name: 'multi-krum', params: { m: 'many' } }), /server\.gar\.params\.m: "many" — multi-krum needs a number/);
  refused(t, withGar({ name: 'bulyan', params: { base: 'wizard' } }), /server\.gar\.params\.base: "wizard" — bulyan needs another aggregation rule/);
  refused(t, withGar({ name: 'bulyan', params: { base: 'median', tau: 2 } }), /server\.gar\.params\.tau: 2 — bulyan needs a parameter of the base rule median/);
  refused(t, withAttack({ name: 'alie', params: { z: 'huge' } }), /workers\.attack\.params\.z: "huge" — alie needs a number or "auto"/);
  refused(
    t,
    withAttack({ name: 'non-finite', params: { value: 'zero' } }),
    /workers\.attack\.params\.value: "zero" — non-finite needs one of nan, inf, -inf, mixed/,
  );
  refused(t, withAttack({ name: 'gaussian', params: { std: Infinity } }), /workers\.attack\.params\.std: Infinity — gaussian needs a finite number/);
  refused(t, withAttack({ name: 'optimal-alie', params: { ratio: 2 } }), /workers\.attack\.params\.ratio: 2 — optimal-alie needs < 1/);
  refused(
    t,
    { ...base(), workers: { ...base().workers, privacy: [{ name: 'sparsify', params: { fraction: 1.5 } }] } },
    /workers\.privacy\[0\]\.params\.fraction: 1\.5 — sparsify needs ≤ 1/,
  );
  refused(t, { ...base(), workers: { ...base().workers, schedule: { start: 'banana' } } }, /workers\.schedule\.start: "banana" — must be a number/);
  refused(t, { ...base(), network: { delay: { model: 'uniform', maxMs: NaN } } }, /network\.delay\.maxMs: NaN — must be a finite number/);
});

test('ByzFL aliases are checked after mapping: L is centered-clip’s iterations under byzfl only', (t) => {
  t.notThrows(() => planScenario(withGar({ name: 'centered-clip', params: { L: 2, tau: 100 } }, { convention: 'byzfl' }), 's.yaml'));
  refused(t, withGar({ name: 'centered-clip', params: { L: 2 } }), /server\.gar\.params\.L: unknown parameter of centered-clip/);
  refused(t, withGar({ name: 'centered-clip', params: { L: -1 } }, { convention: 'byzfl' }), /server\.gar\.params\.iterations: -1 — centered-clip needs ≥ 0/);
});

test('unknown aggregation steps are refused where they stand, in each form of server.gar, before their parameters', (t) => {
  const known = /unknown aggregation step \(known: nnm, bucketing, .*, krum, /;
  refused(t, withGar('nnm → krumm'), /^s\.yaml: server\.gar: "krumm" — unknown aggregation step/);
  refused(t, withGar({ name: 'krumm', params: { x: 1 } }), /server\.gar\.name: "krumm" — unknown aggregation step/);
  refused(t, withGar(['nnm', { name: 'wizard', params: { tau: 1 } }]), /server\.gar\[1\]\.name: "wizard" — unknown aggregation step/);
  refused(t, withGar(['clipp', 'median']), /server\.gar\[0\]: "clipp" — unknown aggregation step/);
  refused(t, withGar(['constructor', 'median']), known);
  const err = t.throws(() => planScenario(withGar(['nnm', 'x'.repeat(5000)]), 's.yaml'));
  t.true(err!.message.length < 400, `a long unknown name is cut (${err!.message.length} characters)`);
  // a known step in the wrong place is the pipeline's rule, with the counts it depends on
  refused(t, withGar('median → nnm'), /server\.gar: median: only the last step may be an aggregation rule/);
});

test('a Byzantine server behaviour’s parameters are checked, and those of the worker attack it uses (protocol guanyu)', (t) => {
  const doc = (attack: unknown) => ({
    ...base(),
    protocol: 'guanyu',
    workers: { n: 9, f: 2, batch: 8, attack: 'sign-flip' },
    server: { gar: 'median', policy: 'async', quorum: 7 },
    servers: { n: 6, f: 1, attack },
  });
  refused(
    t,
    doc({ name: 'arbitrary', params: { use: 'gaussian', sd: 3 } }),
    /servers\.attack\.params\.sd: unknown parameter of arbitrary \(use: gaussian\) \(known: mean, std\)/,
  );
  refused(t, doc({ name: 'arbitrary', params: { std: NaN } }), /servers\.attack\.params\.std: NaN — must be a finite number$/);
  refused(t, doc({ name: 'stale', params: { kk: 2 } }), /servers\.attack\.params\.kk: unknown parameter of stale \(known: k\)/);
  refused(t, doc({ name: 'slow', params: { fraction: Infinity } }), /servers\.attack\.params\.fraction: Infinity — slow needs/);
  t.notThrows(() => planScenario(doc({ name: 'arbitrary', params: { use: 'gaussian', std: 10 } }), 's.yaml'));
});
