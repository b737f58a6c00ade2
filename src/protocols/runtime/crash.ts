/** Crash scheduling: a node told to crash at virtual times gets a `crash` event at each (control priority: after the instant's deliveries). */
import { PRIO, type Kernel } from '../../sim/kernel.ts';

export interface Crash {
  readonly type: 'crash';
}

export function scheduleCrashes(kernel: Kernel, node: { send(event: Crash): void }, atMs: readonly number[]): void {
  for (const at of atMs) kernel.schedule(at, () => node.send({ type: 'crash' }), PRIO.control);
}
