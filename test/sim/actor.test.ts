import test from 'ava';
import { ActorFailure, startActor } from '../../src/sim/actor.ts';
import { Kernel } from '../../src/sim/kernel.ts';
import { inPlace } from '../../src/sim/logic.ts';

test('an actor that throws is recorded by name and stops the kernel; its siblings in the same system are unaffected', (t) => {
  const kernel = new Kernel();
  const failures: Error[] = [];
  const bad = startActor(
    kernel,
    'w3',
    inPlace(
      (_s: { n: number }, e: { type: 'boom' | 'ok' }) => {
        if (e.type === 'boom') throw new Error('bad gradient');
      },
      () => ({ n: 0 }),
    ),
    failures,
  );
  const good = startActor(
    kernel,
    'w4',
    inPlace(
      (s: { n: number }) => void s.n++,
      () => ({ n: 0 }),
    ),
    failures,
  );
  kernel.schedule(1, () => good.send({ type: 'ok' }));
  kernel.schedule(2, () => bad.send({ type: 'boom' }));
  kernel.schedule(3, () => good.send({ type: 'ok' }));
  kernel.runSync();
  t.is(failures.length, 1);
  t.true(failures[0] instanceof ActorFailure);
  t.regex(failures[0].message, /^actor w3: bad gradient$/);
  t.is(kernel.now, 2, 'stopped after the failing event');
  t.is(good.getSnapshot().context.n, 1);
  t.is(bad.system, good.system, 'one actor system per kernel');
});
