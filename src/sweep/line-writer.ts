/**
 * Buffered line output for traces (a run can trace millions of lines): lines are written
 * 4,096 at a time. Once the sweep's stop flag is raised (SIGINT/SIGTERM), the writer puts
 * its buffer on disk at its next line and from then on writes every line through, so the
 * interrupted configuration's trace keeps its last lines.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { stopRequested, UNFLUSHED, type StopFlag } from './stop-flag.ts';

const BATCH = 4096;

export class LineWriter {
  private readonly fd: number;
  private buf: string[] = [];
  /** Counted in the stop flag's UNFLUSHED until the stop flush or the close. */
  private counted = false;

  constructor(
    file: string,
    private readonly stop?: StopFlag,
  ) {
    this.fd = openSync(file, 'w');
    if (stop && !stopRequested(stop)) {
      Atomics.add(stop, UNFLUSHED, 1);
      this.counted = true;
    }
  }

  write(line: string): void {
    this.buf.push(line);
    if (stopRequested(this.stop)) {
      this.flush();
      this.uncount();
    } else if (this.buf.length >= BATCH) this.flush();
  }

  flush(): void {
    if (this.buf.length > 0) writeSync(this.fd, this.buf.join('\n') + '\n');
    this.buf = [];
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
    this.uncount();
  }

  private uncount(): void {
    if (!this.counted || !this.stop) return;
    this.counted = false;
    Atomics.sub(this.stop, UNFLUSHED, 1);
    Atomics.notify(this.stop, UNFLUSHED);
  }
}
