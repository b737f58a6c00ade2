/**
 * The network: one link actor per unordered pair of nodes (src/net/link.ts), created on first use,
 * its two directions channels of one table (src/net/channels.ts), each with its own random stream
 * (`link/<from>→<to>`), so adding a node never shifts other links' draws. Typed by the protocol's
 * message union `M`: what a node is handed is what some node may send.
 *
 * Nodes get integer ids in the order they attach; a channel is found by name once, when a port is
 * first used (`channel(from, to)`), and from then on a message costs array reads: the channel's
 * link actor and direction, and one `send` to that actor (`sendOn(c, msg)`), with one event object
 * per network reused for every message (the link's transition never sends to a link, so the event
 * is consumed before `send` returns — checked).
 */
import type { Actor } from 'xstate';
import { startActor } from '../sim/actor.ts';
import type { Kernel } from '../sim/kernel.ts';
import { Channels, type ChannelShared } from './channels.ts';
import { linkLogic, type LinkConfig, type LinkEvent, type Message, type NetStats, type NodeInbox, type TraceRecord } from './link.ts';
import type { Synchrony } from './synchrony.ts';

export interface NetworkConfig {
  readonly seed: number | string;
  readonly delay: (rng: () => number) => number;
  readonly synchrony: Synchrony;
  readonly lossRate: number;
  readonly duplicationRate: number;
  readonly cut?: (nowMs: number, from: string, to: string) => boolean;
  readonly cutInFlight?: LinkConfig['cutInFlight'];
  readonly trace?: (rec: TraceRecord) => void;
  /** The adversarial scheduler hook (see LinkConfig.scheduler). */
  readonly scheduler?: LinkConfig['scheduler'];
  /** Per-link overrides of the delay model, loss and duplication (first match wins). */
  readonly override?: (from: string, to: string) => LinkOverride | undefined;
}

export interface LinkOverride {
  readonly delay?: (rng: () => number) => number;
  readonly lossRate?: number;
  readonly duplicationRate?: number;
}

type LinkActor<M extends Message> = Actor<ReturnType<typeof linkLogic<M>>>;

/** Node ids below 2²¹ key a (from, to) pair exactly in one double. */
const NODE_SPAN = 2 ** 21;

export class Network<M extends Message = Message> {
  readonly stats: NetStats = { sent: 0, delivered: 0, dropped: 0, duplicated: 0 };
  /** By node id: its name, and its actor or what hands it a message. */
  private readonly names: string[] = [];
  private readonly deliver: (((msg: M) => void) | undefined)[] = [];
  private readonly inbox: (NodeInbox<M> | undefined)[] = [];
  private readonly ids = new Map<string, number>();
  private readonly channels: Channels<M>;
  /** (from, to) → channel, looked up when a port is first used, never per message. */
  private readonly channelAt = new Map<number, number>();
  /** By channel: its link's index and direction; by link: its actor and its channels (−1: not used yet). */
  private channelLink = new Int32Array(16);
  private readonly links: LinkActor<M>[] = [];
  private linkChannels = new Int32Array(32);
  private readonly event: LinkEvent<M> = { type: 'send', dir: 0, msg: undefined as never };
  private readonly logic = linkLogic<M>({ channelOf: (l, dir) => this.linkChannels[2 * l + dir], send: (c, msg) => this.channels.send(c, msg) });

  constructor(
    private readonly kernel: Kernel,
    private readonly cfg: NetworkConfig,
    private readonly failures: Error[],
  ) {
    const { synchrony, cut, cutInFlight, trace, scheduler } = cfg;
    const shared: ChannelShared<M> = { kernel, synchrony, cut, cutInFlight, stats: this.stats, trace, scheduler };
    this.channels = new Channels<M>(shared, cfg.seed, this.names, this.inbox, this.deliver);
  }

  /** Register the node `id` (its integer id); `deliver` is called with each message that reaches it. */
  attach(id: string, deliver: (msg: M) => void): number {
    const i = this.free(id);
    this.deliver[i] = deliver;
    return i;
  }

  /** Register the node `id` whose actor receives each message that reaches it as a `deliver` event (its integer id). */
  attachActor(id: string, actor: NodeInbox<M>): number {
    const i = this.free(id);
    this.inbox[i] = actor;
    return i;
  }

  /** The id of `id`, not attached yet. */
  private free(id: string): number {
    const i = this.idOf(id);
    if (this.attached(i)) throw new Error(`network: node ${id} attached twice`);
    return i;
  }

  private attached(i: number): boolean {
    return this.deliver[i] !== undefined || this.inbox[i] !== undefined;
  }

  /** The integer id of the name `id` (given in the order names are first seen: a sender need not be attached). */
  private idOf(id: string): number {
    let i = this.ids.get(id);
    if (i === undefined) {
      i = this.names.length;
      if (i >= NODE_SPAN) throw new Error(`network: at most ${NODE_SPAN} nodes`);
      this.ids.set(id, i);
      this.names.push(id);
      this.deliver.push(undefined);
      this.inbox.push(undefined);
    }
    return i;
  }

  /** Hand `msg` to the link from → to. */
  send(from: string, to: string, msg: M): void {
    this.sendOn(this.channel(from, to), msg);
  }

  /** A send function bound to the link from → to (resolved on first use: no lookups after). */
  port(from: string, to: string): (msg: M) => void {
    let c = -1;
    return (msg) => {
      if (c < 0) c = this.channel(from, to);
      this.sendOn(c, msg);
    };
  }

  /** Hand `msg` to channel c (from `channel`): one event of its link actor. */
  sendOn(c: number, msg: M): void {
    const ev = this.event;
    if (ev.msg !== undefined) throw new Error('network: a link was sent a message while handling one');
    ev.dir = this.channelLink[c] & 1 ? 1 : 0;
    ev.msg = msg;
    try {
      this.links[this.channelLink[c] >> 1].send(ev);
    } finally {
      ev.msg = undefined as never;
    }
  }

  /** The channel from → to (its link actor made on first use of either direction, the channel on first use of its own). */
  channel(from: string, to: string): number {
    const t = this.ids.get(to);
    if (t === undefined || !this.attached(t)) throw new Error(`network: no node ${to} (message from ${from})`);
    const f = this.idOf(from);
    return this.channelAt.get(f * NODE_SPAN + t) ?? this.open(f, t);
  }

  /** A new channel f → t, on the link between them (made if the other direction has not been used). */
  private open(f: number, t: number): number {
    const from = this.names[f];
    const to = this.names[t];
    const back = this.channelAt.get(t * NODE_SPAN + f);
    const link = back === undefined ? this.cable(from, to) : this.channelLink[back] >> 1;
    const dir = back === undefined ? 0 : 1 - (this.channelLink[back] & 1);
    const o = this.cfg.override?.(from, to);
    const c = this.channels.add(f, t, {
      delay: o?.delay ?? this.cfg.delay,
      lossRate: o?.lossRate ?? this.cfg.lossRate,
      duplicationRate: o?.duplicationRate ?? this.cfg.duplicationRate,
    });
    if (c === this.channelLink.length) {
      const grown = new Int32Array(2 * c);
      grown.set(this.channelLink);
      this.channelLink = grown;
    }
    this.channelLink[c] = 2 * link + dir;
    this.linkChannels[2 * link + dir] = c;
    this.channelAt.set(f * NODE_SPAN + t, c);
    return c;
  }

  /** A new link actor between `from` and `to` (its index; direction 0 from → to). */
  private cable(from: string, to: string): number {
    const l = this.links.length;
    if (2 * l + 2 > this.linkChannels.length) {
      const grown = new Int32Array(2 * this.linkChannels.length);
      grown.set(this.linkChannels);
      this.linkChannels = grown;
    }
    this.linkChannels[2 * l] = -1;
    this.linkChannels[2 * l + 1] = -1;
    this.links.push(startActor(this.kernel, `link:${from}↔${to}`, this.logic, this.failures, l));
    return l;
  }
}
