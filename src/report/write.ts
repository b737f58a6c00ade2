/** Report files are written whole or not at all: to a temporary name, then renamed over the target. */
import { renameSync, writeFileSync } from 'node:fs';

export function writeAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}
