/** Running the byzsim CLI as a user would, from the test suite. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function byzsim(...args: string[]): Promise<CliResult> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { maxBuffer: 1 << 26 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

export function tempDir(prefix = 'byzsim-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write a scenario document (YAML is a superset of JSON) to a temp file. */
export function scenarioFile(doc: unknown): string {
  const file = join(tempDir(), 'scenario.yaml');
  writeFileSync(file, JSON.stringify(doc, null, 1));
  return file;
}
