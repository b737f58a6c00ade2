/** Helpers for the sweep tests: background byzsim processes, waiting on files, comparing output folders. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Files that hold machine facts, not results: excluded from byte comparisons. */
const MACHINE = new Set(['wall.json', 'env.json']);

/** Every result file under `dir` (relative path → bytes as text). */
export function resultFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!MACHINE.has(e.name)) out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** Paths (relative to `dir`) of every file under it, machine files included. */
export function allFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) (e.isDirectory() ? walk : (p: string) => out.push(relative(dir, p)))(join(d, e.name));
  };
  walk(dir);
  return out.sort();
}

export interface Background {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves to the exit code (128 + n for signal n). */
  readonly exited: Promise<number>;
}

const SIGNALS: Record<string, number> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** Start the byzsim CLI in the background. */
export function startByzsim(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Background {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const bg: Background = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? 128 + (SIGNALS[signal ?? ''] ?? 0)))),
  };
  child.stdout!.on('data', (b: Buffer) => (bg.stdout += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (bg.stderr += b.toString()));
  return bg;
}

/** Poll `cond` every 100 ms until it holds; fails after `timeoutMs`. */
export async function waitFor(what: string, cond: () => boolean, timeoutMs = 120_000): Promise<void> {
  for (let waited = 0; !cond(); waited += 100) {
    if (waited > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Slugs under `out` whose done.json exists. */
export function doneSlugs(out: string): string[] {
  try {
    return readdirSync(out, { withFileTypes: true })
      .filter((e) => e.isDirectory() && exists(join(out, e.name, 'done.json')))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

function exists(f: string): boolean {
  try {
    statSync(f);
    return true;
  } catch {
    return false;
  }
}

/** A small logreg grid: `gars` × `seeds`, `steps` each, quick per configuration. */
export function gridDoc(opts: { name?: string; steps?: number; gars?: string[]; seeds?: number[]; n?: number } = {}) {
  return {
    name: opts.name ?? 'grid',
    seed: 1,
    steps: opts.steps ?? 6,
    evalEvery: 3,
    data: { name: 'mnist', train: 600, test: 200 },
    model: { name: 'logreg' },
    workers: { n: opts.n ?? 5, f: 1, batch: 8, attack: 'sign-flip' },
    server: { gar: 'median', policy: 'async', timeoutMs: 30 },
    network: { delay: { model: 'exponential', meanMs: 3 }, loss: 0.02 },
    grid: { 'server.gar': opts.gars ?? ['average', 'median'] },
    ...(opts.seeds ? { seeds: opts.seeds } : {}),
  };
}
