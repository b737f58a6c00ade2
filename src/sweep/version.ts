/**
 * The code version a result comes from: the package version plus a hash of the code tree
 * that is running (every file under this module's parent folder — src/ from the sources,
 * dist/ from a build — and package.json and package-lock.json, which pin the
 * dependencies). Queue workers refuse jobs queued by another version, and env.json records it
 * with the git commit when there is one.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const codeDir = dirname(dirname(fileURLToPath(import.meta.url)));
const rootDir = dirname(codeDir);

let cached: { version: string; source: string } | undefined;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? (e.name === 'node_modules' ? [] : files(join(dir, e.name))) : [join(dir, e.name)]))
    .sort();
}

/** `{ version: "0.1.0", source: "<sha-256 of the code tree, 16 hex>" }`. */
export function codeVersion(): { version: string; source: string } {
  if (cached) return cached;
  const pkg = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')) as { version: string };
  const h = createHash('sha256');
  for (const f of [...files(codeDir), ...['package.json', 'package-lock.json'].map((p) => join(rootDir, p)).filter(existsSync)]) {
    h.update(relative(rootDir, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  cached = { version: pkg.version, source: h.digest('hex').slice(0, 16) };
  return cached;
}

/** `0.1.0+<source hash>`: what a worker and a job must agree on. */
export const versionTag = () => `${codeVersion().version}+${codeVersion().source}`;

/** The git commit of the code, or null outside a git checkout. */
export function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: rootDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
  } catch {
    return null;
  }
}
