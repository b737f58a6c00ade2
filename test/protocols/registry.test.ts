import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROTOCOLS } from '../../src/protocols/index.ts';
import { Roles } from '../../src/protocols/runtime/roles.ts';
import { planScenario, ScenarioError } from '../../src/scenario/load.ts';
import { runSchema } from '../../src/scenario/schema.ts';
import { byzsim, scenarioFile, tempDir } from '../e2e/cli.ts';

const docs: Record<string, object> = {
  ps: { workers: { n: 5, f: 1, attack: 'sign-flip' }, server: { gar: 'median' } },
  guanyu: { protocol: 'guanyu', servers: { n: 6, f: 1, attack: 'arbitrary' }, workers: { n: 9, f: 2, attack: 'sign-flip' }, server: { gar: 'median' } },
  liubei: {
    protocol: 'liubei',
    servers: { n: 4, f: 1, attack: 'arbitrary' },
    workers: { n: 9, f: 2, attack: 'sign-flip' },
    server: { gar: 'median' },
    network: { synchrony: { mode: 'synchronous', deltaMs: 20 } },
  },
  btard: { protocol: 'btard', workers: { n: 6, f: 2, attack: 'sign-flip' }, server: { gar: 'centered-clip' } },
  dlg: {
    protocol: 'dlg',
    backend: 'cpu',
    model: { name: 'logreg' },
    workers: { n: 1, batch: 2, privacy: { name: 'noise', params: { std: 0.01 } } },
    dlg: { iterations: 5 },
  },
};
const rejects = (t: import('ava').ExecutionContext, doc: object, re: RegExp) =>
  t.regex(t.throws(() => planScenario({ name: 'r', ...doc }, 'r.yaml'), { instanceOf: ScenarioError })!.message, re);

test('every registered protocol has a valid example here, and an unknown protocol is refused naming the known ones', (t) => {
  t.deepEqual([...PROTOCOLS.keys()].sort(), Object.keys(docs).sort());
  for (const doc of Object.values(docs)) t.notThrows(() => planScenario({ name: 'r', ...doc }, 'r.yaml'));
  rejects(t, { ...docs.ps, protocol: 'paxos' }, /^r\.yaml: protocol: "paxos" — unknown protocol \(known: ps, guanyu, liubei, btard, dlg\)$/);
});

test('node tables: names and roles from the config, indices within each role, the last f of each role Byzantine', (t) => {
  const nodes = (name: string) => new Roles(PROTOCOLS.get(name)!.nodes(runSchema.parse({ name: 'r', ...docs[name] })));
  const ps = nodes('ps');
  t.deepEqual(ps.ids('server'), ['server']);
  t.deepEqual(ps.ids('worker'), ['w0', 'w1', 'w2', 'w3', 'w4']);
  t.deepEqual(
    ps
      .members('worker')
      .filter((w) => w.byzantine)
      .map((w) => w.id),
    ['w4'],
  );
  const gy = nodes('guanyu');
  t.deepEqual(gy.ids('replica'), ['s0', 's1', 's2', 's3', 's4', 's5']);
  t.true(gy.isByzantine('s5') && !gy.isByzantine('s4') && gy.isByzantine('w8') && !gy.isByzantine('w6'));
  t.is(gy.of('w3').index, 3);
  const bt = nodes('btard');
  t.deepEqual(bt.ids('peer'), ['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
  t.throws(() => bt.of('server'), { message: /no node server/ });
});

test('links and partitions may name exactly the protocol’s nodes', (t) => {
  const slow = (from: string, to: string) => ({ network: { links: [{ from, to, delay: { model: 'fixed', ms: 50 } }] } });
  t.notThrows(() => planScenario({ name: 'r', ...docs.guanyu, ...slow('s2', 'w0') }, 'r.yaml'), 'a slow replica');
  t.notThrows(() =>
    planScenario({ name: 'r', ...docs.guanyu, network: { partitions: [{ fromMs: 0, toMs: 100, groups: [['s0', 's1', 'w0'], ['s2']] }] } }, 'r.yaml'),
  );
  rejects(t, { ...docs.guanyu, ...slow('server', 'w0') }, /network\.links\[0\]\.from: "server" — unknown node \(nodes of guanyu are s0 … s5, w0 … w8, or \*\)/);
  rejects(t, { ...docs.ps, ...slow('s0', 'w0') }, /network\.links\[0\]\.from: "s0" — unknown node \(nodes of ps are server, w0 … w4, or \*\)/);
  rejects(
    t,
    { ...docs.btard, network: { partitions: [{ fromMs: 0, toMs: 1, groups: [['server']] }] } },
    /partitions\[0\]\.groups: "server" — unknown node \(nodes of btard are p0 … p5\)/,
  );
});

test('faults name a node of the protocol’s fault role, by index or by name', (t) => {
  const faults = (doc: { workers: object }, list: object[]) => ({ ...doc, workers: { ...doc.workers, faults: list } });
  const ps = docs.ps as { workers: object };
  const gy = docs.guanyu as { workers: object };
  t.notThrows(() =>
    planScenario(
      {
        name: 'r',
        ...faults(ps, [
          { kind: 'straggler', node: 'w2', slowdown: 2 },
          { kind: 'crash', worker: 1, atMs: 5 },
        ]),
      },
      'r.yaml',
    ),
  );
  rejects(
    t,
    faults(gy, [{ kind: 'crash', node: 's1', atMs: 5 }]),
    /workers\.faults\[0\]\.node: "s1" — guanyu simulates faults of its workers only \(w0 … w8\)/,
  );
  rejects(t, faults(ps, [{ kind: 'crash', node: 'server', atMs: 5 }]), /workers\.faults\[0\]\.node: "server" — ps simulates faults of its workers only/);
  rejects(
    t,
    faults(ps, [{ kind: 'omission', worker: 1, node: 'w1', fraction: 0.1 }]),
    /workers\.faults\[0\]: give exactly one of worker \(an index\) or node \(a name, e\.g\. w0\)/,
  );
  rejects(t, faults(ps, [{ kind: 'omission', fraction: 0.1 }]), /workers\.faults\[0\]: give exactly one of worker/);
  rejects(t, faults(ps, [{ kind: 'omission', worker: 5, fraction: 0.1 }]), /workers\.faults\[0\]\.worker: 5 — needs a worker index < n \(n = 5\)/);
});

test('a protocol’s own config section is refused under another protocol; each protocol’s bounds come first', (t) => {
  rejects(t, { ...docs.ps, btard: { validators: 1 } }, /^r\.yaml: btard: only for protocol: btard, got protocol ps/);
  rejects(t, { ...docs.btard, workers: { n: 6, f: 3, attack: 'sign-flip' } }, /^r\.yaml: workers\.f: 3 — btard tolerates at most/);
  rejects(
    t,
    { ...docs.guanyu, server: { gar: 'krum', quorum: 4 } },
    /^r\.yaml: server\.quorum: 4 — guanyu needs 2f\+3 ≤ q_wr ≤ n−f \(7 … 7\) \(an assumption of guanyu: --unsafe runs it anyway\) \(and 1 more\)/,
  );
  rejects(t, { ...docs.ps, server: { gar: 'median', policy: 'sync', quorum: 3 } }, /server\.quorum: 3 — only used by the sync policy after a timeout/);
  rejects(t, { ...docs.ps, dlg: { iterations: 5 } }, /^r\.yaml: dlg: only for protocol: dlg, got protocol ps/);
  rejects(t, { ...docs.dlg, backend: 'wasm' }, /^r\.yaml: backend: wasm — dlg needs second-order gradients: backend cpu/);
  rejects(t, { ...docs.dlg, model: { name: 'cnn' } }, /model\.name: cnn — dlg needs a softmax model tfjs differentiates twice \(mlp, logreg\)/);
  rejects(t, { ...docs.dlg, workers: { n: 2, f: 0 } }, /workers: n=2, f=0 — dlg attacks one honest worker: n = 1, f = 0/);
  rejects(t, { ...docs.dlg, dlg: { labels: 'idlg' } }, /dlg\.labels: idlg — iDLG reads the label of batch 1 only, got workers\.batch 2/);
});

test('registry entries are data: metric fields and figures name declared fields; figures have titles, axis labels, captions', (t) => {
  for (const p of PROTOCOLS.values()) {
    const fields = new Set(p.metrics.map((m) => m.field));
    t.is(fields.size, p.metrics.length, `${p.name}: fields declared once`);
    t.is(new Set(p.figures.map((f) => f.metric)).size, p.figures.length, `${p.name}: one figure per metric`);
    for (const fig of p.figures) {
      t.true(fields.has(fig.metric), `${p.name}: figure of ${fig.metric} draws a declared field`);
      t.true(fig.title.length > 0 && fig.caption.length > 0 && fig.yLabel.length > 0);
    }
  }
});

test('byzsim list protocols names every protocol', async (t) => {
  const r = await byzsim('list', 'protocols');
  t.is(r.code, 0, r.stderr);
  for (const name of PROTOCOLS.keys()) t.regex(r.stdout, new RegExp(`^  ${name} `, 'm'));
});

test('the sweep writes the protocol’s default figures into plan.json', async (t) => {
  const out = tempDir();
  const doc = {
    name: 'fig',
    steps: 1,
    evalEvery: 1,
    data: { name: 'synthetic', features: 4, examples: 260, train: 240, test: 20 },
    model: { name: 'logreg' },
    ...docs.btard,
  };
  const r = await byzsim('run', scenarioFile(doc), '--out', out, '--no-report');
  t.is(r.code, 0, r.stderr);
  t.deepEqual(JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')).figures, PROTOCOLS.get('btard')!.figures);
});
