/**
 * Files a resume trusts are written whole or not at all: the text goes to a temporary file
 * in the same folder, is flushed to disk, then renamed over the target (rename is atomic
 * on POSIX file systems). A kill at any moment leaves either the old file or the new one,
 * never a half-written one. (Hand-written: write-file-atomic's current major needs Node 22.)
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';

let counter = 0;

export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.${threadId}.${counter++}.tmp`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

const TEMP = /\.\d+\.\d+\.\d+\.tmp$/;

/** Remove the temporary files a kill left in `dir` (their targets are whole: old or absent). */
export function removeTempFiles(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) if (TEMP.test(name)) rmSync(join(dir, name), { force: true });
}
