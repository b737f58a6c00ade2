/**
 * Kernel throughput: simulated message deliveries per second of wall time, for an async-quorum
 * parameter server with n = 100 workers, exponential link delays and null compute (d = 1, no
 * tfjs) — (a) with the real byzsim actors (xstate link, worker and server actors on our kernel),
 * (b) the same simulation as a plain binary-heap loop without actors, in the same run; the
 * ratio is the actor overhead.
 */
import { exponential } from '../src/net/delay/exponential.ts';
import { PRIO } from '../src/sim/kernel.ts';
import { runSkeleton } from '../src/protocols/ps/skeleton.ts';
import { EventQueue, type SimEvent } from '../src/sim/queue.ts';
import { stream } from '../src/sim/rng.ts';
import { emit } from './_report.ts';

const N = 100;
const F = 10;
const Q = N - F;
const MEAN_MS = 10;
const COMPUTE_MS = 1;
const STEPS = Number(process.env.STEPS ?? 4000);

function withActors(): { deliveries: number; seconds: number; timeMs: number } {
  const t0 = performance.now();
  const r = runSkeleton({ n: N, steps: STEPS, policy: 'async', quorum: Q, delay: exponential.sampler({ meanMs: MEAN_MS }), computeMs: COMPUTE_MS });
  const seconds = (performance.now() - t0) / 1000;
  return { deliveries: r.network.stats.delivered, seconds, timeMs: r.kernel.now };
}

/** The same protocol as plain callbacks on a binary heap: no actors, no link objects. */
function plainLoop(): { deliveries: number; seconds: number; timeMs: number } {
  const q = new EventQueue();
  let seq = 0;
  let now = 0;
  const at = (delay: number, fire: () => void, prio: number) => q.push({ time: now + delay, prio, seq: seq++, cancelled: false, fire, wait: undefined } as SimEvent);
  const rngs = new Map<string, () => number>();
  const rngOf = (k: string) => rngs.get(k) ?? (rngs.set(k, stream(1, `link/${k}`)), rngs.get(k)!);
  const delay = exponential.sampler({ meanMs: MEAN_MS });
  let deliveries = 0;
  let step = 0;
  let count = 0;
  let done = false;
  const latest = new Int32Array(N).fill(-1);
  const busy = new Uint8Array(N);
  const toServer = (i: number, s: number) => at(delay(rngOf(`w${i}→server`)), () => { deliveries++; onGradient(s); }, PRIO.deliver);
  const compute = (i: number) => {
    busy[i] = 1;
    const s = latest[i];
    at(COMPUTE_MS, () => { busy[i] = 0; toServer(i, s); if (latest[i] > s) compute(i); }, PRIO.compute);
  };
  const onModel = (i: number, s: number) => { if (s <= latest[i]) return; latest[i] = s; if (!busy[i]) compute(i); };
  const broadcast = () => { const s = step; for (let i = 0; i < N; i++) at(delay(rngOf(`server→w${i}`)), () => { deliveries++; onModel(i, s); }, PRIO.deliver); };
  let aggregating = false;
  const onGradient = (s: number) => {
    if (s !== step || aggregating) return;
    if (++count >= Q) {
      aggregating = true;
      at(0.1, () => { step++; count = 0; aggregating = false; if (step >= STEPS) done = true; else broadcast(); }, PRIO.compute);
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

withActors(); // warm-up (JIT)
plainLoop();
const a = withActors();
const p = plainLoop();
const actorsRate = a.deliveries / a.seconds;
const plainRate = p.deliveries / p.seconds;
emit({ name: 'sim-throughput/actors (xstate links, workers, server)', value: actorsRate, unit: 'deliveries/s' });
emit({ name: 'sim-throughput/plain heap loop', value: plainRate, unit: 'deliveries/s' });
emit({ name: 'sim-throughput/actor overhead (plain ÷ actors)', value: plainRate / actorsRate, unit: '×', baseline: plainRate, ratio: plainRate / actorsRate });
emit({ name: 'sim-throughput/deliveries per run', value: a.deliveries, unit: 'messages' });
