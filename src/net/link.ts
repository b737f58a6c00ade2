/**
 * A network link as an xstate actor: one per unordered pair of nodes — the cable between them —
 * whose two directions are channels of the network's channel table (src/net/channels.ts), each
 * with its own random stream `link/<from>→<to>`, delay model, loss and duplication. Each message
 * a node hands to the link is one event of the link actor (`{ type: 'send', dir, msg }`): its
 * transition draws the message's fate in that direction and posts the delivery on the kernel's
 * queue (the table, the message and the channel's index: no closure, no object); the delivery is
 * one `send` to the receiving node's actor. One actor per cable rather than per direction: a
 * worker costs its own actor and one link actor, not two (an xstate actor weighs ≈ 1.5 KB). The
 * logic is one object for all links of a network; a link's state is its index in the network,
 * which keeps its two channels (`channelOf(link, dir)`).
 */
import type { Kernel } from '../sim/kernel.ts';
import { inPlace } from '../sim/logic.ts';
import type { Synchrony } from './synchrony.ts';

export interface Message {
  readonly kind: string;
  /** Model version / step the message is about (for traces and staleness). */
  readonly step: number;
}

export interface NetStats {
  sent: number;
  delivered: number;
  dropped: number;
  duplicated: number;
}

export interface LinkConfig<M extends Message = Message> {
  readonly from: string;
  readonly to: string;
  readonly kernel: Kernel;
  readonly rng: () => number;
  readonly delay: (rng: () => number) => number;
  readonly synchrony: Synchrony;
  readonly lossRate: number;
  readonly duplicationRate: number;
  readonly cut?: (nowMs: number, from: string, to: string) => boolean;
  /** Partitions that cut the wire: is a message sent at `sentMs` lost when it arrives at `nowMs`? */
  readonly cutInFlight?: (sentMs: number, nowMs: number, from: string, to: string) => boolean;
  readonly stats: NetStats;
  readonly deliver: (msg: M) => void;
  readonly trace?: (rec: TraceRecord) => void;
  /**
   * The adversarial scheduler hook: when given, it picks each message's raw delay (before the
   * synchrony bound), e.g. from a fast-check-generated schedule; `undefined` falls back to the
   * delay model.
   */
  readonly scheduler?: (from: string, to: string, msg: Message, nowMs: number) => number | undefined;
}

/**
 * What a link reports to the run's history (src/protocols/runtime/history.ts): a message handed
 * to it (`send`, with the delivery time `at`), a second copy (`dup`), its delivery, or its loss
 * (`drop`: `why` loss or partition; `sent` when a partition cut it in flight).
 */
export interface TraceRecord {
  readonly t: number;
  readonly ev: 'send' | 'deliver' | 'drop' | 'dup';
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  readonly step: number;
  readonly at?: number;
  readonly why?: 'loss' | 'partition';
  readonly sent?: number;
}

/** The event a node's actor receives for each message the network delivers to it. */
export interface Deliver<M extends Message = Message> {
  readonly type: 'deliver';
  readonly msg: M;
}

/** What the network delivers to: a node's actor (one `deliver` event per message). */
export interface NodeInbox<M extends Message = Message> {
  send(event: Deliver<M>): void;
}

/** A message handed to the link, in direction `dir` (0: the first sender's way, 1: back). */
export interface LinkEvent<M extends Message = Message> {
  readonly type: 'send';
  dir: 0 | 1;
  msg: M;
}

/** What a link actor drives: the network's channels, by link index and direction. */
export interface LinkWires<M extends Message> {
  channelOf(link: number, dir: 0 | 1): number;
  send(channel: number, msg: M): void;
}

/** The link actor's logic (its state: the link's index): one transition per message, in the channel of its direction. */
export function linkLogic<M extends Message>(wires: LinkWires<M>) {
  return inPlace(
    (link: number, event: LinkEvent<M>) => {
      wires.send(wires.channelOf(link, event.dir), event.msg);
    },
    (link: number) => link,
  );
}
