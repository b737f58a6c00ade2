// `npm run build [-- <dir>]` (also run by npm ci and npm pack through `prepare`): compile src/ and
// models/ into dist/ or <dir> (tsconfig.build.json rewrites the `.ts` import specifiers to `.js`), copy the files
// tsc does not emit (e.g. .mjs, .wasm, .json read at run time) beside their compiled neighbours,
// then write dist/BUILT, the stamp bin/byzsim.js compares with the sources' modification times.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = new URL('../', import.meta.url);
const dist = process.argv[2] ? pathToFileURL(`${resolve(process.argv[2])}/`) : new URL('dist/', root);
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', fileURLToPath(new URL('tsconfig.build.json', root)), '--outDir', fileURLToPath(dist)], { stdio: 'inherit' });
const assets = (path) => !/\.(ts|md)$/.test(path) || path.endsWith('.d.ts');
for (const dir of ['src', 'models']) cpSync(new URL(`${dir}/`, root), new URL(`${dir}/`, dist), { recursive: true, filter: assets });
writeFileSync(new URL('BUILT', dist), '');
