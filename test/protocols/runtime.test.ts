import test from 'ava';
import type { Message } from '../../src/net/link.ts';
import { Network } from '../../src/net/network.ts';
import { computeThen } from '../../src/protocols/runtime/compute.ts';
import { scheduleCrashes, type Crash } from '../../src/protocols/runtime/crash.ts';
import { History } from '../../src/protocols/runtime/history.ts';
import { portsFrom, spawnNode, type Deliver } from '../../src/protocols/runtime/node.ts';
import { describeNodes, numbered, Roles } from '../../src/protocols/runtime/roles.ts';
import { StepBarrier } from '../../src/protocols/runtime/step-barrier.ts';
import { resolveRun } from '../../src/scenario/resolve.ts';
import { runSchema } from '../../src/scenario/schema.ts';
import { Kernel } from '../../src/sim/kernel.ts';
import { inPlace } from '../../src/sim/logic.ts';
import { metricsRow } from '../../src/sim/metrics.ts';

interface Ping extends Message {
  readonly kind: 'ping';
  readonly from: string;
}
interface Pong extends Message {
  readonly kind: 'pong';
  readonly from: string;
}
type Msg = Ping | Pong;

test('roles: names ↔ (role, index), the last f of each role Byzantine, inconsistent tables refused', (t) => {
  const roles = new Roles<string>([{ id: 'server', role: 'server', index: 0, byzantine: false }, ...numbered('worker', 'w', 4, 1)]);
  t.deepEqual(roles.ids('worker'), ['w0', 'w1', 'w2', 'w3']);
  t.is(roles.at('worker', 2).id, 'w2');
  t.is(roles.of('w2').index, 2);
  t.true(roles.isByzantine('w3'));
  t.false(roles.isByzantine('server'));
  t.deepEqual(roles.members('replica'), []);
  t.throws(() => roles.of('w9'), { message: 'roles: no node w9' });
  t.throws(() => new Roles([...numbered('worker', 'w', 2, 0), ...numbered('worker', 'w', 1, 0)]), { message: /w0 listed twice/ });
  t.throws(() => new Roles([{ id: 'w1', role: 'worker', index: 1, byzantine: false }]), { message: /index 1, expected 0/ });
  t.is(describeNodes(roles.nodes), 'server, w0 … w3');
  t.is(describeNodes(numbered('peer', 'p', 2, 0)), 'p0, p1');
});

test('the step barrier releases a step once, when the needed reports arrived, whatever the order of steps', (t) => {
  const b = new StepBarrier<string>();
  t.is(b.arrive(1, 'a1', 2), undefined);
  t.is(b.arrive(0, 'a0', 2), undefined);
  t.deepEqual(b.arrive(1, 'b1', 2), ['a1', 'b1']);
  t.deepEqual(b.arrive(0, 'b0', 2), ['a0', 'b0']);
  t.is(b.arrive(0, 'c0', 2), undefined, 'a released step starts over');
});

test('spawnNode wires a node to the network; its actor reaches itself through xstate scope; crashes arrive on time', (t) => {
  const kernel = new Kernel();
  const failures: Error[] = [];
  const network = new Network<Msg>(kernel, { seed: 1, delay: () => 2, synchrony: { mode: 'asynchronous' }, lossRate: 0, duplicationRate: 0 }, failures);
  const history = new History({ keep: true });
  const host = { kernel, network, failures, history };
  type E = Deliver<Msg> | { type: 'computed'; step: number } | Crash;
  const log: string[] = [];
  const node = (id: string, peer: string) => {
    const send = portsFrom(network, id, [peer]);
    return spawnNode(
      host,
      id,
      inPlace(
        (s: { crashed: boolean; pongs: number }, e: E, { self }) => {
          if (s.crashed) return;
          if (e.type === 'crash') s.crashed = true;
          else if (e.type === 'computed') send(peer, { kind: 'ping', step: e.step, from: id });
          else if (e.msg.kind === 'ping') {
            log.push(`${kernel.now} ${id} got ping ${e.msg.step}`);
            computeThen(kernel, 1, e.msg.step + 1, (step) => self.send({ type: 'computed', step })); // charged 1 ms, then back to itself
            send(peer, { kind: 'pong', step: e.msg.step, from: id });
          } else s.pongs++;
        },
        () => ({ crashed: false, pongs: 0 }),
      ),
    );
  };
  const a = node('a', 'b');
  const b = node('b', 'a');
  scheduleCrashes(host, 'b', b, [8.5]);
  a.send({ type: 'computed', step: 0 });
  kernel.runSync({ maxEvents: 1000 });
  t.deepEqual(failures, []);
  t.deepEqual(log, ['2 b got ping 0', '5 a got ping 1', '8 b got ping 2']);
  t.true(b.getSnapshot().context.crashed);
  t.deepEqual(history.records, [{ t: 8.5, ev: 'crash', node: 'b' }], 'the crash is in the history');
  t.is(a.getSnapshot().context.pongs, 2, 'both of b’s pongs arrive; b crashed at 8.5 ms, before its computation of step 3 was done, and sent nothing more');
  t.throws(() => portsFrom(network, 'a', ['b'])('c', { kind: 'ping', step: 0, from: 'a' }), { message: 'a: no port to c' });
});

test('a row keeps its canonical key order: core head, the protocol’s extras, message counters', (t) => {
  const row = metricsRow(
    { step: 3, timeMs: 1.5, trainLoss: 0.5, used: 4, byzantineUsed: 1, timedOut: false },
    { banned: 1, drift: 0 },
    { sent: 10, delivered: 9, dropped: 1, duplicated: 0, stale: 2, faulty: 0 },
  );
  t.is(
    JSON.stringify(row),
    '{"step":3,"timeMs":1.5,"trainLoss":0.5,"used":4,"byzantineUsed":1,"timedOut":false,"banned":1,"drift":0,"sent":10,"delivered":9,"dropped":1,"duplicated":0,"stale":2,"faulty":0}',
  );
  t.is(row.drift, 0);
});

test('the resolved plan looks up what the config names, once', (t) => {
  const cfg = runSchema.parse({
    workers: {
      n: 7,
      f: 2,
      attack: { name: 'sign-flip', params: { scale: 3 } },
      schedule: 'mild',
      privacy: { name: 'gaussian', params: { epsilon: 1, delta: 1e-5, gmax: 1 } },
    },
    server: { gar: 'nnm → krum', f: 1 },
  });
  const plan = resolveRun(cfg);
  t.is(plan.config, cfg);
  t.deepEqual(plan.garSteps, [{ name: 'nnm' }, { name: 'krum' }]);
  t.is(plan.garF, 1);
  t.is(plan.attack?.attack.name, 'sign-flip');
  t.deepEqual(plan.attack?.params, { scale: 3 });
  t.truthy(plan.schedule);
  t.deepEqual(
    plan.privacy.map((p) => p.mech.name),
    ['gaussian'],
  );
  t.is(resolveRun(runSchema.parse({ workers: { n: 3 } })).attack, undefined);
});
