import test from 'ava';
import { checkFault, crashed, stragglerActive } from '../../src/attacks/faults.ts';
import type { Fault } from '../../src/attacks/faults.ts';

test('valid faults pass', (t) => {
  const ok: Fault[] = [
    { kind: 'crash', atMs: 1500 },
    { kind: 'crash', atStep: 10 },
    { kind: 'omission', fraction: 0.3 },
    { kind: 'straggler', slowdown: 4, fromMs: 0, toMs: 100 },
  ];
  for (const f of ok) t.is(checkFault(f), undefined);
});

test('invalid faults give one-line messages', (t) => {
  t.is(checkFault({ kind: 'crash' }), 'crash fault: give exactly one of atMs or atStep');
  t.regex(checkFault({ kind: 'crash', atMs: -1 }) ?? '', /atMs must be a finite time ≥ 0/);
  t.regex(checkFault({ kind: 'omission', fraction: 1.5 }) ?? '', /fraction must be in \[0, 1\], got 1.5/);
  t.regex(checkFault({ kind: 'straggler', slowdown: 0.5 }) ?? '', /slowdown must be a finite number ≥ 1/);
  t.regex(checkFault({ kind: 'straggler', slowdown: 2, fromMs: 10, toMs: 5 }) ?? '', /toMs must be a time > fromMs/);
  t.regex(checkFault({ kind: 'byzantine' } as unknown as Fault) ?? '', /unknown fault kind "byzantine"/);
});

test('crash and straggler predicates', (t) => {
  t.false(crashed({ kind: 'crash', atMs: 100 }, 99.9, 50));
  t.true(crashed({ kind: 'crash', atMs: 100 }, 100, 0));
  t.true(crashed({ kind: 'crash', atStep: 3 }, 0, 3));
  t.true(stragglerActive({ kind: 'straggler', slowdown: 2, fromMs: 10, toMs: 20 }, 10));
  t.false(stragglerActive({ kind: 'straggler', slowdown: 2, fromMs: 10, toMs: 20 }, 20));
  t.true(stragglerActive({ kind: 'straggler', slowdown: 2 }, 1e9));
});
