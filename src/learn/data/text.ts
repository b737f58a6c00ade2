/**
 * What the text loaders' header checks read: the first 64 KiB of a file, cut at its last complete
 * line, with the file-level problems (missing, a directory, unreadable, empty, binary) as
 * DataErrors; and a count of a file's non-blank lines without decoding it.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { DataError } from './error.ts';

const HEAD = 1 << 16;

/**
 * An open descriptor of the data file at `path` and its size; a missing, unreadable or directory
 * path, or an empty file, as a DataError. The caller closes it.
 */
export function openData(path: string, empty: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(path, code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'not readable (permission denied)' : (e as Error).message);
  }
  const st = fstatSync(fd);
  const problem = st.isDirectory() ? 'a directory — needs a data file' : st.size === 0 ? `empty file — ${empty}` : undefined;
  if (problem !== undefined) {
    closeSync(fd);
    throw new DataError(path, problem);
  }
  return { fd, size: st.size };
}

/** The first ≤ 64 KiB of `path` as text (whole lines only), and whether that is the whole file. */
export function readHead(path: string): { text: string; whole: boolean } {
  const { fd, size } = openData(path, 'needs one example per line');
  try {
    const head = Buffer.alloc(Math.min(size, HEAD));
    readSync(fd, head, 0, head.length, 0);
    const nul = head.indexOf(0);
    if (nul >= 0) throw new DataError(path, `binary content (a NUL byte at offset ${nul}) — needs a text file`);
    const whole = size <= HEAD;
    const end = whole ? head.length : head.lastIndexOf(0x0a) + 1;
    if (end === 0) throw new DataError(path, `no line break in the first ${HEAD / 1024} KiB — needs one example per line`);
    return { text: head.subarray(0, end).toString('utf8'), whole };
  } finally {
    closeSync(fd);
  }
}

/** Lines holding anything but blanks, and not starting with `comment` (after blanks). */
export function countLines(bytes: Uint8Array, comment?: number): number {
  let count = 0;
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    let i = start;
    while (i < end && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0d)) i++;
    if (i < end && bytes[i] !== comment) count++;
    start = end + 1;
  }
  return count;
}
