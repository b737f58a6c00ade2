import test from 'ava';
import { buildGraph, cycles, importsOf, type Graph } from './graph.ts';
import { checkArchitecture, layerOf, ROOTS } from './rules.ts';

test('the sources follow the architecture: no cycles, imports point down the layers, protocol folders apart, a light registry', (t) => {
  const graph = buildGraph(process.cwd(), ROOTS);
  t.true(graph.files.length > 100 && graph.edges.length > 400, 'the graph covers the sources');
  t.true(
    graph.files.every((f) => layerOf(f) !== undefined || f === 'src/types/d3-node.d.ts'),
    'every source file has a layer',
  );
  t.deepEqual(
    checkArchitecture(graph).map((v) => `${v.rule}: ${v.detail}`),
    [],
  );
});

test('the parser sees static, type-only, re-exported and dynamic imports', (t) => {
  const text = [
    "import { a } from './a.ts';",
    "import type { B } from './b.ts';",
    "import { type C, type D } from './c.ts';",
    "import { type E, f } from './e.ts';",
    "export type { G } from './g.ts';",
    "export { h } from './h.ts';",
    "import 'side-effect';",
    "const run = () => import('./run.ts');",
  ].join('\n');
  t.deepEqual(importsOf('x.ts', text), [
    { specifier: './a.ts', kind: 'static' },
    { specifier: './b.ts', kind: 'type' },
    { specifier: './c.ts', kind: 'type' },
    { specifier: './e.ts', kind: 'static' },
    { specifier: './g.ts', kind: 'type' },
    { specifier: './h.ts', kind: 'static' },
    { specifier: 'side-effect', kind: 'static' },
    { specifier: './run.ts', kind: 'dynamic' },
  ]);
});

const graphOf = (edges: [string, string, ('static' | 'type' | 'dynamic')?][]): Graph => ({
  files: [...new Set(edges.flatMap(([a, b]) => [a, b].filter((x) => x.includes('/'))))],
  edges: edges.map(([from, to, kind = 'static']) => ({ from, to, kind, package: !to.includes('/') })),
});

test('the checker catches each class of violation it promises to', (t) => {
  const rules = (edges: Parameters<typeof graphOf>[0]) => checkArchitecture(graphOf(edges)).map((v) => v.rule);
  t.deepEqual(
    rules([
      ['src/gars/a.ts', 'src/gars/b.ts'],
      ['src/gars/b.ts', 'src/gars/c.ts', 'type'],
      ['src/gars/c.ts', 'src/gars/a.ts'],
    ]),
    ['no cycles'],
  );
  t.deepEqual(
    cycles(
      graphOf([
        ['src/x/a.ts', 'src/x/b.ts'],
        ['src/x/b.ts', 'src/x/a.ts', 'dynamic'],
      ]),
    ),
    [['src/x/a.ts', 'src/x/b.ts', 'src/x/a.ts']],
  );
  t.deepEqual(rules([['src/gars/krum.ts', 'src/sim/kernel.ts']]), ['math imports nothing above it (sim)']);
  t.deepEqual(rules([['src/gars/krum.ts', 'src/sim/rng.ts']]), [], 'the random helpers are below the math');
  t.deepEqual(rules([['src/attacks/x.ts', 'xstate']]), ['math imports no xstate']);
  t.deepEqual(rules([['src/net/link.ts', 'src/protocols/ps/run.ts']]), ['net imports nothing above it (protocols)']);
  t.deepEqual(rules([['src/protocols/ps/run.ts', 'src/scenario/validate.ts']]), ['protocols imports nothing above it (scenario)']);
  t.deepEqual(rules([['src/protocols/ps/run.ts', 'src/scenario/resolve.ts']]), [], 'the resolved plan is below the protocols');
  t.deepEqual(rules([['src/report/index.ts', 'src/protocols/types.ts', 'type']]), ['report imports no protocol code']);
  t.deepEqual(rules([['src/protocols/guanyu/run.ts', 'src/protocols/ps/oracle.ts']]), ['a protocol folder imports no other protocol folder']);
  t.deepEqual(rules([['src/protocols/runtime/run.ts', 'src/protocols/btard/peer.ts']]), ['runtime/ and workload/ import no protocol folder']);
  t.deepEqual(
    rules([
      ['src/protocols/liubei/run.ts', 'src/protocols/runtime/node.ts'],
      ['src/protocols/liubei/run.ts', 'src/protocols/workload/oracle.ts'],
    ]),
    [],
  );
  t.deepEqual(
    rules([
      ['src/protocols/index.ts', 'src/protocols/x/protocol.ts'],
      ['src/protocols/x/protocol.ts', 'src/learn/model.ts'],
      ['src/learn/model.ts', '@tensorflow/tfjs'],
    ]),
    ['the protocol registry loads no TensorFlow.js (runs are loaded on demand)'],
  );
  t.deepEqual(
    rules([
      ['src/protocols/index.ts', 'src/protocols/x/protocol.ts'],
      ['src/protocols/x/protocol.ts', 'src/protocols/x/run.ts', 'dynamic'],
      ['src/protocols/x/run.ts', '@tensorflow/tfjs'],
    ]),
    [],
    'a lazily loaded run may',
  );
});
