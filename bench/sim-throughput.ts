/**
 * Kernel throughput and memory: simulated message deliveries per second of wall time for an
 * async-quorum parameter server with n workers (f = n/10, q = n − f), exponential link delays
 * (mean 10 ms) and null compute (d = 1, no tfjs), at each n of `--n 10,100,1000,10000`:
 * (a) with the real byzsim actors (xstate link, worker and server actors on our kernel),
 * (b) the same simulation as a plain binary-heap loop without actors (arrays indexed by worker,
 *     no string keys), in the same process; the ratio is the actor overhead;
 * (c) the memory per idle worker: the JS heap plus ArrayBuffer memory (typed arrays' backing
 *     stores live outside the heap: the channel and worker tables, the random streams' states)
 *     after building the n-worker simulation and running one step (every link and stream created)
 *     minus the same before, over n (after a full GC);
 * (d) when `/usr/bin/python3` imports simpy (Debian python3-simpy3), the same model in SimPy 3
 *     (bench/simpy/ps_async.py, callback style) and the ratio byzsim ÷ SimPy; skipped with a note otherwise.
 * Each run makes ≈ `--deliveries` (default 800,000) deliveries; the variants alternate, `--reps`
 * (default 3) times, and the figures are medians (rates) and the median of the per-pair ratios.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { exponential } from '../src/net/delay/exponential.ts';
import { PRIO } from '../src/sim/kernel.ts';
import { runSkeleton } from '../src/protocols/ps/skeleton.ts';
import { EventQueue, type SimEvent } from '../src/sim/queue.ts';
import { stream } from '../src/sim/rng.ts';
import { emit } from './_report.ts';

const MEAN_MS = 10;
const COMPUTE_MS = 1;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}
const NS = arg('n', '100').split(',').map(Number);
const DELIVERIES = Number(arg('deliveries', '800000'));
const REPS = Number(arg('reps', '3'));
for (const n of NS) if (!(Number.isInteger(n) && n >= 10)) throw new Error(`--n: ${n} — needs integers ≥ 10`);

interface Model {
  readonly n: number;
  readonly q: number;
  readonly steps: number;
}

const modelAt = (n: number, deliveries = DELIVERIES): Model => {
  const q = n - Math.floor(n / 10);
  return { n, q, steps: Math.max(2, Math.ceil(deliveries / (n + q))) };
};

interface Timed {
  readonly deliveries: number;
  readonly seconds: number;
  readonly timeMs: number;
}

function withActors(m: Model): Timed {
  const t0 = performance.now();
  const r = runSkeleton({ n: m.n, steps: m.steps, policy: 'async', quorum: m.q, delay: exponential.sampler({ meanMs: MEAN_MS }), computeMs: COMPUTE_MS });
  const seconds = (performance.now() - t0) / 1000;
  return { deliveries: r.network.stats.delivered, seconds, timeMs: r.kernel.now };
}

/** The same protocol as plain callbacks on a binary heap: no actors, no link objects, per-worker arrays. */
function plainLoop(m: Model): Timed {
  const { n, q: quorum, steps } = m;
  const q = new EventQueue();
  let seq = 0;
  let now = 0;
  const at = (delay: number, fire: () => void, prio: number) =>
    q.push({ time: now + delay, prio, seq: seq++, cancelled: false, fire, wait: undefined } as SimEvent);
  const up: (() => number)[] = new Array(n);
  const down: (() => number)[] = new Array(n);
  const upRng = (i: number) => (up[i] ??= stream(1, `link/w${i}→server`));
  const downRng = (i: number) => (down[i] ??= stream(1, `link/server→w${i}`));
  const delay = exponential.sampler({ meanMs: MEAN_MS });
  let deliveries = 0;
  let step = 0;
  let count = 0;
  let done = false;
  const latest = new Int32Array(n).fill(-1);
  const busy = new Uint8Array(n);
  const toServer = (i: number, s: number) =>
    at(
      delay(upRng(i)),
      () => {
        deliveries++;
        onGradient(s);
      },
      PRIO.deliver,
    );
  const compute = (i: number) => {
    busy[i] = 1;
    const s = latest[i];
    at(
      COMPUTE_MS,
      () => {
        busy[i] = 0;
        toServer(i, s);
        if (latest[i] > s) compute(i);
      },
      PRIO.compute,
    );
  };
  const onModel = (i: number, s: number) => {
    if (s <= latest[i]) return;
    latest[i] = s;
    if (!busy[i]) compute(i);
  };
  const broadcast = () => {
    const s = step;
    for (let i = 0; i < n; i++)
      at(
        delay(downRng(i)),
        () => {
          deliveries++;
          onModel(i, s);
        },
        PRIO.deliver,
      );
  };
  let aggregating = false;
  const onGradient = (s: number) => {
    if (s !== step || aggregating) return;
    if (++count >= quorum) {
      aggregating = true;
      at(
        0.1,
        () => {
          step++;
          count = 0;
          aggregating = false;
          if (step >= steps) done = true;
          else broadcast();
        },
        PRIO.compute,
      );
    }
  };
  const t0 = performance.now();
  broadcast();
  while (!done && q.size > 0) {
    const ev = q.pop()!;
    now = ev.time;
    ev.fire();
  }
  return { deliveries, seconds: (performance.now() - t0) / 1000, timeMs: now };
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap and ArrayBuffer bytes in use. */
const inUse = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/** Memory per worker of a built n-worker simulation after one step (every link, stream and actor created). */
function heapPerWorker(n: number): number {
  gc();
  const before = inUse();
  const kept = runSkeleton({
    n,
    steps: 1,
    policy: 'async',
    quorum: n - Math.floor(n / 10),
    delay: exponential.sampler({ meanMs: MEAN_MS }),
    computeMs: COMPUTE_MS,
  });
  gc();
  const after = inUse();
  if (kept.steps.length !== 1) throw new Error('heap: the one-step run did not finish');
  return (after - before) / n;
}

const here = dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';
const hasSimpy = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import simpy'], { stdio: 'ignore' }).status === 0;

function simpy(m: Model): Timed {
  const r = spawnSync(PYTHON, [join(here, 'simpy', 'ps_async.py'), String(m.n), String(m.q), String(m.steps), String(MEAN_MS), String(COMPUTE_MS)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`simpy: ${r.stderr}`);
  return JSON.parse(r.stdout) as Timed;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (t: Timed) => t.deliveries / t.seconds;

// warm-up (JIT) at a small size
withActors(modelAt(100, 100_000));
plainLoop(modelAt(100, 100_000));

for (const n of NS) {
  const m = modelAt(n);
  const a: number[] = [];
  const p: number[] = [];
  const s: number[] = [];
  const ratios: number[] = [];
  const simpyRatios: number[] = [];
  let deliveries = 0;
  for (let r = 0; r < REPS; r++) {
    const ta = withActors(m);
    const tp = plainLoop(m);
    deliveries = ta.deliveries;
    if (tp.deliveries !== ta.deliveries) throw new Error(`n=${n}: the plain loop made ${tp.deliveries} deliveries, the actors ${ta.deliveries}`);
    a.push(rate(ta));
    p.push(rate(tp));
    ratios.push(rate(tp) / rate(ta));
    if (hasSimpy) {
      const ts = simpy(m);
      s.push(rate(ts));
      simpyRatios.push(rate(ta) / rate(ts));
    }
  }
  emit({ name: `sim-throughput/n=${n}/actors (xstate links, workers, server)`, value: median(a), unit: 'deliveries/s' });
  emit({ name: `sim-throughput/n=${n}/plain heap loop`, value: median(p), unit: 'deliveries/s' });
  emit({ name: `sim-throughput/n=${n}/actor overhead (plain ÷ actors)`, value: median(ratios), unit: '×', baseline: median(p), ratio: median(ratios) });
  if (hasSimpy) {
    emit({ name: `sim-throughput/n=${n}/simpy (callback style)`, value: median(s), unit: 'deliveries/s' });
    emit({ name: `sim-throughput/n=${n}/byzsim actors ÷ simpy`, value: median(simpyRatios), unit: '×', baseline: median(s), ratio: median(simpyRatios) });
  }
  emit({ name: `sim-throughput/n=${n}/deliveries per run`, value: deliveries, unit: 'messages' });
  emit({ name: `sim-throughput/n=${n}/heap + array buffers per idle worker`, value: heapPerWorker(n), unit: 'bytes' });
}
if (!hasSimpy) process.stderr.write(`sim-throughput: SimPy comparison skipped (${PYTHON} cannot import simpy; Debian: apt-get install -y python3-simpy3)\n`);
