/**
 * The code version a result comes from: the package version plus a hash of the code — the
 * TypeScript sources (src/, models/) when they are there, else the compiled tree that is
 * running (an installed package) — and package.json and package-lock.json, which pin the
 * dependencies. The sources are hashed even when dist/ runs, so a worker started from a
 * build and a sweep started from the sources of the same checkout agree. Queue workers refuse
 * jobs queued by another version; env.json records it with the git commit when there is one.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding this module's folder: src/ from the sources, dist/src/ from a build. */
const codeDir = dirname(dirname(fileURLToPath(import.meta.url)));

/** The package root: the nearest folder above the code with a package.json. */
function packageRoot(): string {
  for (let d = dirname(codeDir); ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) throw new Error(`version: no package.json above ${codeDir}`);
  }
}

let cached: { version: string; source: string } | undefined;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? (e.name === 'node_modules' ? [] : files(join(dir, e.name))) : [join(dir, e.name)]))
    .sort();
}

/** `{ version: "0.1.0", source: "<sha-256 of the code, 16 hex>" }`. */
export function codeVersion(): { version: string; source: string } {
  if (cached) return cached;
  const root = packageRoot();
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const sources = ['src', 'models'].map((d) => join(root, d)).filter(existsSync);
  const trees = sources.some((d) => d.endsWith('src')) ? sources : [codeDir];
  const h = createHash('sha256');
  for (const f of [...trees.flatMap(files), ...['package.json', 'package-lock.json'].map((p) => join(root, p)).filter(existsSync)])
    h.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  cached = { version: pkg.version, source: h.digest('hex').slice(0, 16) };
  return cached;
}

/** `0.1.0+<source hash>`: what a worker and a job must agree on. */
export const versionTag = () => `${codeVersion().version}+${codeVersion().source}`;

/** The git commit of the code, or null outside a git checkout. */
export function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: packageRoot(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
  } catch {
    return null;
  }
}
