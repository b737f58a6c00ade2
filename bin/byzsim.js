#!/usr/bin/env node
// The byzsim command. Runs the compiled package (dist/, built by `npm run build`, which npm ci
// and npm pack run) when it is up to date; in a checkout whose sources changed since the last
// build it runs the TypeScript sources through tsx instead, so it never runs stale code.
import { existsSync, readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const stamp = new URL('dist/BUILT', root);

/** Newest modification time (ms) of a file under dir, 0 if dir does not exist. */
function newestMs(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const url = new URL(e.isDirectory() ? `${e.name}/` : e.name, dir);
    newest = Math.max(newest, e.isDirectory() ? newestMs(url) : statSync(url).mtimeMs);
  }
  return newest;
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : -1;
const sources = Math.max(newestMs(new URL('src/', root)), newestMs(new URL('models/', root)));
if (built >= sources) {
  await import('../dist/src/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
