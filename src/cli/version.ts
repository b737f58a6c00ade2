/** The package's version, read from the package.json above this file (in src/cli/ or dist/src/cli/). */
import { existsSync, readFileSync } from 'node:fs';

export function packageVersion(): string {
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    const file = new URL('package.json', dir);
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'byzsim' && pkg.version) return pkg.version;
    }
    if (dir.pathname === '/') return 'unknown';
  }
}
