/**
 * Crash scheduling: a node told to crash at virtual times gets a `crash` event at each (control
 * priority: after the instant's deliveries), recorded in the history as `crash`.
 */
import { PRIO, type Kernel } from '../../sim/kernel.ts';
import type { History } from './history.ts';
import type { NodeSpec } from './roles.ts';

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

/** c: the correct nodes `crashes` (e.g. `servers.crashes`) names — a Byzantine node's crash costs no extra fault budget. */
export function crashedCorrect(crashes: readonly { readonly node: string }[] | undefined, nodes: readonly NodeSpec[]): number {
  const byzantine = new Set(nodes.filter((x) => x.byzantine).map((x) => x.id));
  return new Set((crashes ?? []).map((c) => c.node).filter((id) => !byzantine.has(id))).size;
}
