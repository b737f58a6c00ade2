/**
 * Reading a scenario file before parsing it: it must exist, be a regular file, be readable,
 * be at most MAX_SCENARIO_BYTES (a hand-written or generated experiment is a few KiB; a large
 * file is almost certainly not a scenario, and YAML-parsing it would take long), and be text.
 * Every refusal is one line naming the file and the rule.
 */
import { readFileSync, statSync } from 'node:fs';

export const MAX_SCENARIO_BYTES = 4 * 1024 * 1024;

export function readScenarioText(file: string, error: (msg: string) => Error): string {
  return readInputText(file, { what: 'a scenario YAML file', maxBytes: MAX_SCENARIO_BYTES }, error);
}

/** A text input file (scenario, case file, vectors): checked as above against `maxBytes`; `what` names what it should be. */
export function readInputText(file: string, opts: { what: string; maxBytes: number }, error: (msg: string) => Error): string {
  const { what, maxBytes } = opts;
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw error(`${file}: is a directory — expected ${what}`);
    if (!st.isFile()) throw error(`${file}: not a regular file — expected ${what}`);
    size = st.size;
  } catch (e) {
    if (!(e as NodeJS.ErrnoException).code) throw e;
    throw error(`${file}: cannot read (${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'ENOENT: no such file' : (e as NodeJS.ErrnoException).code})`);
  }
  if (size > maxBytes) throw error(`${file}: ${mib(size)} — ${what} is at most ${mib(maxBytes)} here`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw error(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (bytes.length === 0) throw error(`${file}: empty — expected ${what}`);
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw error(`${file}: byte ${nul} is NUL — expected ${what} (text), this looks binary`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw error(`${file}: not UTF-8 text — expected ${what}`);
  }
}

function mib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}
