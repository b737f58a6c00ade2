/**
 * Crash scheduling: a node told to crash at virtual times gets a `crash` event at each (control
 * priority: after the instant's deliveries), recorded in the history as `crash`.
 */
import { PRIO, type Kernel } from '../../sim/kernel.ts';
import type { History } from './history.ts';

export interface Crash {
  readonly type: 'crash';
}

export function scheduleCrashes(
  host: { readonly kernel: Kernel; readonly history: History },
  id: string,
  node: { send(event: Crash): void },
  atMs: readonly number[],
): void {
  const { kernel, history } = host;
  for (const at of atMs)
    kernel.schedule(
      at,
      () => {
        history.record({ t: kernel.now, ev: 'crash', node: id });
        node.send({ type: 'crash' });
      },
      PRIO.control,
    );
}
