/**
 * The architecture rules (README "Architecture", /work/shared/DESIGN.md "The house"), checked on
 * the import graph:
 * - no cycles, type-only and dynamic imports included;
 * - layers import only their own layer or lower ones:
 *   random (`sim/rng.ts`) < math (`wasm`, `gars`, `attacks`, `privacy`, `learn`, `models`) < sim < net <
 *   config (`scenario/schema.ts`, `scenario/resolve.ts`: the config a protocol reads) < protocols <
 *   scenario (`load`, `validate`: they call the protocol registry) < check, fuzz, sweep, report, cost < cli < the public API;
 * - the math folders and the random helpers import no xstate;
 * - `report` imports no protocol code (it reads what a run wrote);
 * - a protocol folder imports no other protocol folder; `runtime/` and `workload/` import none;
 * - the protocol registry's static imports load no TensorFlow.js (its runs are loaded on demand).
 */
import { closure, cycles, type Edge, type Graph } from './graph.ts';

export const ROOTS = ['src', 'models'] as const;

const LAYERS = ['random', 'math', 'sim', 'net', 'config', 'protocols', 'scenario', 'app', 'cli', 'api'] as const;
export type Layer = (typeof LAYERS)[number];

const under = (file: string, folders: readonly string[]) => folders.some((f) => file.startsWith(f));

/** The layer of a source file, or undefined for files outside the layered sources. */
export function layerOf(file: string): Layer | undefined {
  if (file === 'src/sim/rng.ts') return 'random';
  if (under(file, ['src/wasm/', 'src/gars/', 'src/attacks/', 'src/privacy/', 'src/learn/', 'models/'])) return 'math';
  if (file.startsWith('src/sim/')) return 'sim';
  if (file.startsWith('src/net/')) return 'net';
  if (file === 'src/scenario/schema.ts' || file === 'src/scenario/resolve.ts') return 'config';
  if (file.startsWith('src/protocols/')) return 'protocols';
  if (file.startsWith('src/scenario/')) return 'scenario';
  if (under(file, ['src/check/', 'src/fuzz/', 'src/sweep/', 'src/report/', 'src/cost/'])) return 'app';
  if (file.startsWith('src/cli/')) return 'cli';
  if (file === 'src/index.ts') return 'api';
  return undefined;
}

/** The protocol folder a file belongs to (`ps`, `guanyu` …), `shared` for runtime/ and workload/, undefined otherwise. */
function protocolFolder(file: string): string | undefined {
  const m = /^src\/protocols\/([^/]+)\//.exec(file);
  if (m === null) return undefined;
  return m[1] === 'runtime' || m[1] === 'workload' ? 'shared' : m[1];
}

export interface Violation {
  readonly rule: string;
  readonly detail: string;
}

const show = (e: Edge) => `${e.from} → ${e.to}${e.kind === 'static' ? '' : ` (${e.kind})`}`;

export function checkArchitecture(graph: Graph): Violation[] {
  const out: Violation[] = [];
  for (const c of cycles(graph)) out.push({ rule: 'no cycles', detail: c.join(' → ') });
  for (const e of graph.edges) {
    const from = layerOf(e.from);
    if (from === undefined) continue;
    if (e.package) {
      if ((from === 'math' || from === 'random') && e.to === 'xstate') out.push({ rule: 'math imports no xstate', detail: show(e) });
      continue;
    }
    const to = layerOf(e.to);
    if (to !== undefined && LAYERS.indexOf(to) > LAYERS.indexOf(from)) out.push({ rule: `${from} imports nothing above it (${to})`, detail: show(e) });
    if (e.from.startsWith('src/report/') && e.to.startsWith('src/protocols/')) out.push({ rule: 'report imports no protocol code', detail: show(e) });
    const pf = protocolFolder(e.from);
    const pt = protocolFolder(e.to);
    if (pf !== undefined && pt !== undefined && pt !== 'shared' && pt !== pf)
      out.push({
        rule: pf === 'shared' ? 'runtime/ and workload/ import no protocol folder' : 'a protocol folder imports no other protocol folder',
        detail: show(e),
      });
  }
  const registry = 'src/protocols/index.ts';
  if (graph.files.includes(registry))
    for (const f of closure(graph, registry, ['static']))
      if (f.startsWith('@tensorflow/'))
        out.push({
          rule: 'the protocol registry loads no TensorFlow.js (runs are loaded on demand)',
          detail: `${registry} reaches ${f} through static imports`,
        });
  return out;
}
