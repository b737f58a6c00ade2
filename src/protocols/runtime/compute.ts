/**
 * Charging a computation on the virtual clock: the job starts now (maybe on another thread),
 * its result is delivered `costMs` of virtual time later, and the kernel waits for the job only
 * when the clock gets there — so independent jobs overlap and the event order stays the same.
 */
import { PRIO, type Kernel } from '../../sim/kernel.ts';

export function computeThen<T>(kernel: Kernel, costMs: number, job: T | Promise<T>, done: (result: T) => void): void {
  if (!(job instanceof Promise)) {
    kernel.schedule(costMs, () => done(job), PRIO.compute);
    return;
  }
  let result: T | undefined;
  const wait = job.then((r) => void (result = r));
  kernel.schedule(costMs, () => done(result as T), PRIO.compute, wait);
}
