/**
 * The spawn-and-wire idiom, written once: start a node's actor on the kernel (errors captured,
 * see sim/actor.ts) and attach it to the network, so that every message that reaches it becomes
 * its `deliver` event. A node's logic takes the protocol's whole message union and ignores the
 * kinds it has no use for: a Byzantine node may send anything to anyone.
 */
import type { Actor, EventObject } from 'xstate';
import type { Deliver, Message } from '../../net/link.ts';
import type { Network } from '../../net/network.ts';
import { startActor } from '../../sim/actor.ts';
import type { Kernel } from '../../sim/kernel.ts';
import type { InPlaceLogic } from '../../sim/logic.ts';

export type { Deliver } from '../../net/link.ts';

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

/** Start `logic` as node `id` (its state made from `input`) and attach its actor to the network: each delivery is one `deliver` event. */
export function spawnNode<M extends Message, S, E extends EventObject, I = undefined>(
  host: NodeHost<M>,
  id: string,
  logic: InPlaceLogic<S, E | Deliver<M>, I>,
  input?: I,
): Actor<InPlaceLogic<S, E | Deliver<M>, I>> {
  const actor = startActor(host.kernel, id, logic, host.failures, input);
  host.network.attachActor(id, actor);
  return actor;
}

/** Send functions from `from` to `to[i]` by index `i`, bound to their channels (resolved on first use): no lookup per message. */
export function portsByIndex<M extends Message>(network: Network<M>, from: string, to: readonly string[]): (index: number, msg: M) => void {
  const channels = new Int32Array(to.length).fill(-1);
  return (i, msg) => {
    let c = channels[i];
    if (c === undefined) throw new Error(`${from}: no port ${i} (${to.length} ports)`);
    if (c < 0) c = channels[i] = network.channel(from, to[i]);
    network.sendOn(c, msg);
  };
}

/** Send functions from `from[i]` to `to` by index `i`, bound to their channels (resolved on first use). */
export function portsInto<M extends Message>(network: Network<M>, from: readonly string[], to: string): (index: number, msg: M) => void {
  const channels = new Int32Array(from.length).fill(-1);
  return (i, msg) => {
    let c = channels[i];
    if (c === undefined) throw new Error(`${to}: no port from ${i} (${from.length} ports)`);
    if (c < 0) c = channels[i] = network.channel(from[i], to);
    network.sendOn(c, msg);
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
