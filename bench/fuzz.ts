/**
 * Fuzzing throughput: schedules (fast-check cases) explored per second by `byzsim fuzz protocol`,
 * per protocol on its tiny model, in this one process (one core):
 * - `ps skeleton`: the flag-driven search (`fuzz protocol` without a name) on the PS skeleton (the
 *   real server, worker and link actors, constant payloads, no tfjs), n = 7, f = 1, async q = 6,
 *   timeout 30 ms, loss and duplication 0.05, 8 steps;
 * - every registry protocol with a fuzz entry (ps, guanyu, liubei, btard): its tiny configuration,
 *   3 steps, on its skeleton (ps) or on the tiny task (logistic regression on 4 synthetic features,
 *   TensorFlow.js CPU).
 * Each figure is measured over `--runs` cases (default 400 on a skeleton, 60 for the others) after
 * a warm-up (50 cases on a skeleton, 5 for the others: the JIT's), inside the assumptions (no violation stops the search early), as cases per CPU
 * second of this process (user + system: what one core does, whatever the machine's load) and
 * per wall second.
 */
import { fuzzProtocol } from '../src/fuzz/protocol-fuzz.ts';
import { baseConfig, fuzzBench, fuzzRegistry } from '../src/fuzz/registry-fuzz.ts';
import { PROTOCOLS } from '../src/protocols/index.ts';
import { emit } from './_report.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const runsFor = (fallback: number) => Number(arg('runs') ?? fallback);

async function measure(
  name: string,
  runs: number,
  warm: number,
  search: (runs: number, seed: number) => Promise<{ runs: number; failed: boolean }>,
): Promise<void> {
  await search(warm, 99);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await search(runs, 1);
  const cpu = process.cpuUsage(cpu0);
  const wall = (performance.now() - t0) / 1000;
  if (r.failed) throw new Error(`${name}: a violation inside the assumptions — not a throughput figure`);
  emit({ name: `fuzz/${name}/schedules per CPU second`, value: r.runs / ((cpu.user + cpu.system) / 1e6), unit: 'cases/s' });
  emit({ name: `fuzz/${name}/schedules per wall second`, value: r.runs / wall, unit: 'cases/s' });
}

const spec = { n: 7, f: 1, policy: 'async' as const, quorum: 6, timeoutMs: 30, steps: 8, lossRate: 0.05, duplicationRate: 0.05 };
await measure('ps skeleton', runsFor(400), 50, async (runs, seed) => {
  const r = fuzzProtocol({ spec, maxCrashes: 0, runs, seed });
  return { runs: r.runs, failed: r.failure !== undefined };
});

const bench = await fuzzBench();
for (const def of PROTOCOLS.values()) {
  if (!def.fuzz) continue;
  const base = baseConfig(def, 3);
  const skeleton = def.fuzz.skeleton !== undefined; // no learning stack: as many cases as the PS skeleton's
  await measure(`${def.name} tiny`, runsFor(skeleton ? 400 : 60), skeleton ? 50 : 5, async (runs, seed) => {
    const r = await fuzzRegistry({ bench, def, base, runs, seed });
    return { runs: r.runs, failed: r.failure !== undefined };
  });
}
