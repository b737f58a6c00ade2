// Preloaded by the package tests (`node --import ./loaded-modules.mjs …`): at exit, append to
// $BYZSIM_LOADED_FILE every module this process loaded — ES modules as the resolve hook saw
// them, CommonJS files from the require cache — one URL or path per line.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const out = process.env.BYZSIM_LOADED_FILE;
register('./loaded-modules-hook.mjs', import.meta.url, { data: { out } });
process.on('exit', () => appendFileSync(out, `${Object.keys(createRequire(import.meta.url).cache).join('\n')}\n`));
