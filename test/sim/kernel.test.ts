import test from 'ava';
import { createActor, createMachine } from 'xstate';
import { Kernel, PRIO } from '../../src/sim/kernel.ts';
import { stream } from '../../src/sim/rng.ts';

test('same-instant events fire by priority, then in scheduling order', async (t) => {
  const k = new Kernel();
  const log: string[] = [];
  k.schedule(5, () => log.push('timer-a'), PRIO.timer);
  k.schedule(5, () => log.push('deliver'), PRIO.deliver);
  k.schedule(5, () => log.push('timer-b'), PRIO.timer);
  k.schedule(1, () => log.push('early'), PRIO.control);
  await k.run();
  t.deepEqual(log, ['early', 'deliver', 'timer-a', 'timer-b']);
  t.is(k.now, 5);
});

test('a cancelled event never fires; stop() ends the run after the current event', async (t) => {
  const k = new Kernel();
  const log: number[] = [];
  const e = k.schedule(2, () => log.push(2));
  k.schedule(1, () => log.push(1));
  k.schedule(3, () => {
    log.push(3);
    k.stop();
  });
  k.schedule(4, () => log.push(4));
  k.cancel(e);
  await k.run();
  t.deepEqual(log, [1, 3]);
});

test('an event waiting on a computation fires at its virtual time, after the computation resolves', async (t) => {
  const k = new Kernel();
  const log: string[] = [];
  let resolve!: (v: string) => void;
  const job = new Promise<string>((r) => (resolve = r));
  let result = '';
  k.schedule(
    10,
    () => log.push(`done:${result}@${k.now}`),
    PRIO.compute,
    job.then((v) => void (result = v)),
  );
  k.schedule(5, () => {
    log.push(`other@${k.now}`);
    resolve('grad');
  });
  await k.run();
  t.deepEqual(log, ['other@5', 'done:grad@10']);
});

test('xstate delayed transitions run on the virtual clock, not on real time', async (t) => {
  const k = new Kernel();
  const machine = createMachine({ initial: 'a', states: { a: { after: { 250: 'b' } }, b: { after: { 1000: 'c' } }, c: { type: 'final' } } });
  const actor = createActor(machine, { clock: k.clock });
  const seen: [string, number][] = [];
  actor.subscribe((s) => seen.push([String(s.value), k.now]));
  actor.start();
  await k.run();
  t.deepEqual(seen.slice(1), [
    ['b', 250],
    ['c', 1250],
  ]);
});

test('named streams are reproducible and independent of each other', (t) => {
  const a1 = stream(7, 'worker/1/batch');
  const a2 = stream(7, 'worker/1/batch');
  const b = stream(7, 'worker/2/batch');
  const xs = [a1(), a1(), a1()];
  t.deepEqual([a2(), a2(), a2()], xs);
  t.notDeepEqual([b(), b(), b()], xs);
  t.not(stream(8, 'worker/1/batch')(), xs[0]);
});

test('run says why it returned: idle, stopped, a limit, or the watchdog deadline (which a detector moves)', async (t) => {
  const chain = (k: Kernel, every: number) => {
    const tick = () => k.schedule(every, tick);
    tick();
  };
  const idle = new Kernel();
  idle.schedule(1, () => undefined);
  t.is(await idle.run(), 'idle');
  const capped = new Kernel();
  chain(capped, 1);
  t.is(capped.runSync({ maxEvents: 5 }), 'max-events');
  t.is(capped.fired, 5);
  const until = new Kernel();
  chain(until, 1);
  t.is(await until.run({ untilMs: 3 }), 'until');
  t.is(until.now, 3);
  const watched = new Kernel();
  chain(watched, 2);
  watched.deadline = 7;
  watched.schedule(5, () => (watched.deadline = 11), PRIO.control); // progress at 5 ms: the detector moves the deadline
  t.is(await watched.run(), 'deadline');
  t.is(watched.now, 10, 'no event later than the deadline fires');
  const stopped = new Kernel();
  chain(stopped, 1);
  stopped.schedule(2.5, () => stopped.stop());
  t.is(stopped.runSync(), 'stopped');
  t.is(stopped.ended, 'stopped');
});

test('peekTime skips cancelled events and is Infinity on an empty queue', (t) => {
  const k = new Kernel();
  t.is(k.peekTime(), Infinity);
  const e = k.schedule(1, () => undefined);
  k.schedule(4, () => undefined);
  k.cancel(e);
  t.is(k.peekTime(), 4);
});
