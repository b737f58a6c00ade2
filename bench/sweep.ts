/**
 * Sweep throughput: wall time of `scenarios/seed000-small.yaml` (24 configurations, shortened
 * with `--steps`, default 15) run by the CLI with `--jobs 1` and `--jobs 2` in the same bench
 * run (ratio: the speed-up), and the same sweep through Redis with two local `byzsim worker`s
 * (each `--jobs 1`, started first as the README says; the run is timed once both wait, and
 * also from their spawn) against `--jobs 2` (ratio: the queue's overhead). Peak memory (VmHWM, sampled from /proc) of each process: per extra
 * job thread with the dataset shared, and of the two worker processes (one dataset each).
 * CPU time (user + system of every thread, sampled from /proc like the memory) of each variant:
 * on a machine shared with other work the wall-time ratio is only as good as the cores the
 * sweep got, while the CPU ratio says how much work the jobs or the queue add.
 * `--rounds R` repeats the three variants, alternating; `--redis URL` uses that Redis, else
 * one is started on a loopback port (Debian's redis-server); `--no-queue` skips the queue.
 * Every process of every variant starts the same way: the compiled package (what `byzsim`
 * runs after `npm ci`), built first into .cache/bench-sweep/ (not timed), so no thread pays
 * tsx's loader and transpiling; `--tsx` runs the TypeScript sources through tsx instead. No
 * variant draws the report (`--no-report` in all three).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { emit } from './_report.ts';

const arg = (name: string, dflt: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : dflt);
const STEPS = arg('--steps', '15');
const ROUNDS = Number(arg('--rounds', '1'));
const SCENARIO = arg('--scenario', 'scenarios/seed000-small.yaml');
const root = new URL('../', import.meta.url).pathname;

/** How each byzsim process starts: the package compiled now (default), or the sources through tsx. */
function entry(): string[] {
  if (process.argv.includes('--tsx')) return ['--import', 'tsx', 'src/cli/main.ts'];
  const dir = join(root, '.cache/bench-sweep');
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), dir], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return [join(dir, 'src/cli/main.js')];
}
const cli = entry();
process.stderr.write(`byzsim started as: node ${cli.join(' ')}\n`);

function start(args: string[]): ChildProcess {
  return spawn(process.execPath, [...cli, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Peak resident memory (MiB) the kernel recorded for a live process. */
function peakMiB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

const TICK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU seconds (user + system, all threads) a live process has used so far. */
function cpuS(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK;
  } catch {
    return 0;
  }
}

/** Run to completion; wall ms, the last peak memory and CPU time sampled (every 200 ms). */
async function timed(args: string[]): Promise<{ ms: number; peak: number; cpu: number }> {
  const t0 = performance.now();
  const child = start(args);
  let peak = 0;
  let cpu = 0;
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-2000)));
  const sample = () => {
    peak = Math.max(peak, peakMiB(child.pid!));
    cpu = Math.max(cpu, cpuS(child.pid!));
  };
  const timer = setInterval(sample, 200);
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  clearInterval(timer);
  if (code !== 0) throw new Error(`byzsim ${args.join(' ')}: exit ${code}\n${err}`);
  return { ms: performance.now() - t0, peak, cpu };
}

const out = () => mkdtempSync(join(tmpdir(), 'byzsim-bench-sweep-'));
const sweepArgs = (dir: string) => ['run', SCENARIO, '--steps', STEPS, '--out', dir, '--no-report'];

async function local(jobs: number) {
  const dir = out();
  const r = await timed([...sweepArgs(dir), '--jobs', String(jobs)]);
  rmSync(dir, { recursive: true, force: true });
  return r;
}

/** Resolves once a worker says it waits on the queue (its start-up is over). */
function ready(w: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let err = '';
    w.stderr!.on('data', (b: Buffer) => {
      err = (err + b.toString()).slice(-2000);
      if (err.includes('waiting on')) resolve();
    });
    w.on('exit', (code) => reject(new Error(`byzsim worker: exit ${code}\n${err}`)));
  });
}

/**
 * The sweep through the queue: two `worker --jobs 1` started first (as the README says), the
 * wall time from their spawn (start-up included) and from the moment both wait (the run only).
 */
async function queued(url: string) {
  spawnSync('redis-cli', ['-u', url, 'flushdb'], { stdio: 'ignore' });
  const t0 = performance.now();
  const workers = [0, 1].map(() => start(['worker', '--queue', url, '--jobs', '1']));
  const peaks = workers.map(() => 0);
  const timer = setInterval(() => workers.forEach((w, i) => (peaks[i] = Math.max(peaks[i], peakMiB(w.pid!)))), 200);
  const dir = out();
  try {
    await Promise.all(workers.map(ready));
    const bootMs = performance.now() - t0;
    const bootCpu = workers.reduce((sum, w) => sum + cpuS(w.pid!), 0);
    const r = await timed([...sweepArgs(dir), '--queue', url]);
    const workersCpu = workers.reduce((sum, w) => sum + cpuS(w.pid!), 0);
    return { ...r, workers: peaks, bootMs, cpu: r.cpu + workersCpu - bootCpu, bootCpu };
  } finally {
    clearInterval(timer);
    for (const w of workers) w.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A Redis for the queue variant: the one given, or a fresh one on a loopback port. */
function redis(): { url: string; stop(): void } | undefined {
  if (process.argv.includes('--no-queue')) return undefined;
  if (process.argv.includes('--redis')) return { url: arg('--redis', ''), stop: () => undefined };
  const port = 6395;
  const dir = mkdtempSync(join(tmpdir(), 'byzsim-bench-redis-'));
  const r = spawnSync('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'yes', '--dir', dir], {
    stdio: 'ignore',
  });
  if (r.status !== 0) {
    process.stderr.write('note: redis-server not found (apt-get install -y redis-server): the queue figures are skipped\n');
    return undefined;
  }
  spawnSync('sh', ['-c', `for i in $(seq 50); do redis-cli -p ${port} ping >/dev/null 2>&1 && exit 0; sleep 0.1; done`]);
  return { url: `redis://127.0.0.1:${port}/0`, stop: () => void spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave'], { stdio: 'ignore' }) };
}

const q = redis();
try {
  for (let round = 0; round < ROUNDS; round++) {
    emit({ name: `load average (1 min) at the start of round ${round + 1}`, value: loadavg()[0], unit: '' });
    const one = await local(1);
    const two = await local(2);
    emit({ name: `sweep ${SCENARIO.split('/').pop()} --steps ${STEPS}, --jobs 1`, value: one.ms / 1000, unit: 's' });
    emit({ name: `  --jobs 2 (speed-up vs --jobs 1)`, value: two.ms / 1000, unit: 's', baseline: one.ms / 1000, ratio: one.ms / two.ms });
    emit({ name: `  CPU time, --jobs 1`, value: one.cpu, unit: 's' });
    emit({ name: `  CPU time, --jobs 2 (vs --jobs 1)`, value: two.cpu, unit: 's', baseline: one.cpu, ratio: two.cpu / one.cpu });
    emit({ name: `  peak memory, --jobs 1`, value: one.peak, unit: 'MiB' });
    emit({ name: `  peak memory, --jobs 2 (one process, data shared)`, value: two.peak, unit: 'MiB', baseline: one.peak, ratio: two.peak / one.peak });
    emit({ name: `  memory per extra job thread`, value: two.peak - one.peak, unit: 'MiB' });
    if (q) {
      const viaQueue = await queued(q.url);
      emit({
        name: `  queue, 2 waiting workers (overhead vs --jobs 2)`,
        value: viaQueue.ms / 1000,
        unit: 's',
        baseline: two.ms / 1000,
        ratio: viaQueue.ms / two.ms,
      });
      emit({
        name: `  queue, workers' start-up included`,
        value: (viaQueue.bootMs + viaQueue.ms) / 1000,
        unit: 's',
        baseline: two.ms / 1000,
        ratio: (viaQueue.bootMs + viaQueue.ms) / two.ms,
      });
      emit({ name: `  CPU time, queue: run + 2 workers (vs --jobs 2)`, value: viaQueue.cpu, unit: 's', baseline: two.cpu, ratio: viaQueue.cpu / two.cpu });
      emit({ name: `  CPU time, the 2 workers' start-up`, value: viaQueue.bootCpu, unit: 's' });
      emit({
        name: `  peak memory, 2 worker processes (one dataset each)`,
        value: viaQueue.workers[0] + viaQueue.workers[1],
        unit: 'MiB',
        baseline: two.peak,
        ratio: (viaQueue.workers[0] + viaQueue.workers[1]) / two.peak,
      });
    }
  }
} finally {
  q?.stop();
}
