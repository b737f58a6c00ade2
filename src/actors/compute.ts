/**
 * Charging a computation on the virtual clock: the job starts now (maybe on another thread),
 * its result is delivered `costMs` of virtual time later, and the kernel waits for the job only
 * when the clock gets there — so independent jobs overlap and the event order stays the same.
 */
import { PRIO, type Kernel } from '../sim/kernel.ts';
import type { Payload } from './messages.ts';

export function computeThen(kernel: Kernel, costMs: number, job: Payload | Promise<Payload>, done: (payload: Payload) => void): void {
  if (!(job instanceof Promise)) {
    kernel.schedule(costMs, () => done(job), PRIO.compute);
    return;
  }
  let payload: Payload | undefined;
  const wait = job.then((p) => void (payload = p));
  kernel.schedule(costMs, () => done(payload!), PRIO.compute, wait);
}
