/**
 * The spawn-and-wire idiom, written once: start a node's actor on the kernel (errors captured,
 * see sim/actor.ts) and attach it to the network, so that every message that reaches it becomes
 * its `deliver` event. A node's logic takes the protocol's whole message union and ignores the
 * kinds it has no use for: a Byzantine node may send anything to anyone.
 */
import type { Actor, EventObject } from 'xstate';
import type { Message } from '../../net/link.ts';
import type { Network } from '../../net/network.ts';
import { startActor } from '../../sim/actor.ts';
import type { Kernel } from '../../sim/kernel.ts';
import type { InPlaceLogic } from '../../sim/logic.ts';

/** The event a node receives for each message the network delivers to it. */
export interface Deliver<M extends Message> {
  readonly type: 'deliver';
  readonly msg: M;
}

/** What a node's helpers need to send an event to their own actor later (a completion, a timer). */
export interface Self<E> {
  send(event: E): void;
}

/** The kernel, the network of the protocol's messages, and where actor errors go. */
export interface NodeHost<M extends Message> {
  readonly kernel: Kernel;
  readonly network: Network<M>;
  readonly failures: Error[];
}

/** Start `logic` as node `id` and attach it to the network. */
export function spawnNode<M extends Message, S, E extends EventObject>(
  host: NodeHost<M>,
  id: string,
  logic: InPlaceLogic<S, E | Deliver<M>>,
): Actor<InPlaceLogic<S, E | Deliver<M>>> {
  const actor = startActor(host.kernel, id, logic, host.failures);
  host.network.attach(id, (msg) => actor.send({ type: 'deliver', msg }));
  return actor;
}

/** Send functions from `from` to `to[i]` by index `i`, bound to their links (resolved on first use): no lookup per message. */
export function portsByIndex<M extends Message>(network: Network<M>, from: string, to: readonly string[]): (index: number, msg: M) => void {
  const ports = to.map((t) => network.port(from, t));
  return (i, msg) => {
    const port = ports[i];
    if (port === undefined) throw new Error(`${from}: no port ${i} (${to.length} ports)`);
    port(msg);
  };
}

/** Send functions from `from` to each of `to`, bound to their links (resolved on first use). */
export function portsFrom<M extends Message>(network: Network<M>, from: string, to: readonly string[]): (to: string, msg: M) => void {
  const ports = new Map(to.map((t) => [t, network.port(from, t)]));
  return (t, msg) => {
    const port = ports.get(t);
    if (port === undefined) throw new Error(`${from}: no port to ${t}`);
    port(msg);
  };
}
