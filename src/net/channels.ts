/**
 * The directions of a network's links (src/net/link.ts) as one table — a structure of typed
 * arrays indexed by channel, not one object per direction: channel c runs from node `from[c]` to
 * node `to[c]` (integer node ids, their names kept once by the network), draws from its own
 * stream `link/<from>→<to>` (a StreamTable row: 256 bytes once drawn), and has its delay model,
 * loss and duplication rates and counters. `send(c, msg)` — run by the link actor's transition —
 * draws loss, delay and duplication and posts each delivery on the kernel's queue as
 * (this table, the message, c) (`kernel.post`, no closure); at the delivery time the kernel calls
 * `fire(msg, c)`, which counts and traces it and hands it to the receiving node (one xstate `send`
 * to that node's actor). A partition that cuts messages in flight needs each message's send time,
 * so only then does a message travel in a small record.
 *
 * The draws are made in the order of the per-direction link actor this replaces (loss, delay,
 * then duplication and its delay), and each delivery takes its sequence number at the send, so
 * the order of events — and every metric — is unchanged.
 */
import { PRIO } from '../sim/kernel.ts';
import type { Target } from '../sim/queue.ts';
import { StreamTable } from '../sim/stream-table.ts';
import type { LinkConfig, Message, NodeInbox } from './link.ts';
import { boundDelay } from './synchrony.ts';

/** What every channel of a network shares: the kernel, the synchrony mode, partitions, counters, trace, scheduler. */
export type ChannelShared<M extends Message = Message> = Pick<LinkConfig<M>, 'kernel' | 'synchrony' | 'cut' | 'cutInFlight' | 'stats' | 'trace' | 'scheduler'>;

/** What a channel has of its own besides its ends: its delay model, loss and duplication rates. */
export type ChannelOwn = Pick<LinkConfig, 'delay' | 'lossRate' | 'duplicationRate'>;

/** A message on a wire a partition may cut in flight: it carries its send time. */
class InFlight<M extends Message> implements Target<undefined> {
  readonly cancelled = false;
  readonly wait = undefined;
  constructor(
    private readonly channels: Channels<M>,
    private readonly c: number,
    private readonly msg: M,
    private readonly sentMs: number,
  ) {}

  fire(): void {
    this.channels.arrive(this.c, this.msg, this.sentMs);
  }
}

const grown = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
  const b = make(a.length * 2);
  b.set(a);
  return b;
};

export class Channels<M extends Message = Message> implements Target<M> {
  readonly cancelled = false;
  readonly wait = undefined;
  private from = new Int32Array(16);
  private to = new Int32Array(16);
  private lossRate = new Float64Array(16);
  private duplicationRate = new Float64Array(16);
  private sentCount = new Float64Array(16);
  private droppedCount = new Float64Array(16);
  private readonly delay: ((rng: () => number) => number)[] = [];
  /** Channel c draws from stream c. */
  private readonly streams: StreamTable;
  private n = 0;

  /** The event handed to a node's actor, one for all deliveries (see `fire`). */
  private readonly event: { type: 'deliver'; msg: M } = { type: 'deliver', msg: undefined as never };

  /** `names[i]`: node i's name; `inbox[i]`: node i's actor, or `deliver[i]`: what hands it a message. */
  constructor(
    private readonly net: ChannelShared<M>,
    seed: number | string,
    private readonly names: readonly string[],
    private readonly inbox: readonly (NodeInbox<M> | undefined)[],
    private readonly deliver: readonly (((msg: M) => void) | undefined)[],
  ) {
    this.streams = new StreamTable((c) => `byzsim:${seed}:link/${names[this.from[c]]}→${names[this.to[c]]}`);
  }

  get size(): number {
    return this.n;
  }

  /** Add the channel from node `from` to node `to`; its index. */
  add(from: number, to: number, own: ChannelOwn): number {
    const c = this.n++;
    if (c === this.from.length) {
      const i32 = (k: number) => new Int32Array(k);
      const f64 = (k: number) => new Float64Array(k);
      this.from = grown(this.from, i32);
      this.to = grown(this.to, i32);
      this.lossRate = grown(this.lossRate, f64);
      this.duplicationRate = grown(this.duplicationRate, f64);
      this.sentCount = grown(this.sentCount, f64);
      this.droppedCount = grown(this.droppedCount, f64);
    }
    this.from[c] = from;
    this.to[c] = to;
    this.lossRate[c] = own.lossRate;
    this.duplicationRate[c] = own.duplicationRate;
    this.delay.push(own.delay);
    if (this.streams.add() !== c) throw new Error('channels: stream and channel indices diverged');
    return c;
  }

  /** Messages handed to channel c, and those it lost (loss or a partition at the send). */
  sent(c: number): number {
    return this.sentCount[c];
  }

  dropped(c: number): number {
    return this.droppedCount[c];
  }

  /** Hand `msg` to channel c: lost, or posted for delivery (and maybe a second copy). */
  send(c: number, msg: M): void {
    const { net, streams } = this;
    this.sentCount[c]++;
    net.stats.sent++;
    const now = net.kernel.now;
    const cut = net.cut !== undefined && net.cut(now, this.names[this.from[c]], this.names[this.to[c]]);
    const lossRate = this.lossRate[c];
    if (cut || (lossRate > 0 && streams.draw(c) < lossRate)) {
      this.droppedCount[c]++;
      net.stats.dropped++;
      net.trace?.({ t: now, ev: 'drop', ...this.ends(c), kind: msg.kind, step: msg.step, why: cut ? 'partition' : 'loss' });
      return;
    }
    const delay = this.draw(c, msg, now);
    net.trace?.({ t: now, ev: 'send', ...this.ends(c), kind: msg.kind, step: msg.step, at: now + delay });
    this.post(c, msg, delay);
    const duplicationRate = this.duplicationRate[c];
    if (duplicationRate > 0 && streams.draw(c) < duplicationRate) {
      net.stats.duplicated++;
      const again = this.draw(c, msg, now);
      net.trace?.({ t: now, ev: 'dup', ...this.ends(c), kind: msg.kind, step: msg.step, at: now + again });
      this.post(c, msg, again);
    }
  }

  /**
   * The kernel delivers a message posted on channel c (no partition cuts in flight): one `send` to
   * the receiver's actor, of the one `deliver` event this table reuses — the kernel fires between
   * events, when no actor is running, so the actor consumes it before `send` returns.
   */
  fire(msg: M, c: number): void {
    const { net } = this;
    net.stats.delivered++;
    net.trace?.({ t: net.kernel.now, ev: 'deliver', ...this.ends(c), kind: msg.kind, step: msg.step });
    const to = this.to[c];
    const actor = this.inbox[to];
    if (actor === undefined) return this.deliver[to]!(msg);
    const ev = this.event;
    ev.msg = msg;
    actor.send(ev);
    ev.msg = undefined as never;
  }

  /** A message sent at `sentMs` reaches the end of channel c, a wire partitions may cut in flight. */
  arrive(c: number, msg: M, sentMs: number): void {
    const { net } = this;
    const { from, to } = this.ends(c);
    if (net.cutInFlight!(sentMs, net.kernel.now, from, to)) {
      net.stats.dropped++;
      net.trace?.({ t: net.kernel.now, ev: 'drop', from, to, kind: msg.kind, step: msg.step, why: 'partition', sent: sentMs });
      return;
    }
    this.fire(msg, c);
  }

  /** Channel c's two node names (for traces, partitions and the scheduler). */
  private ends(c: number): { from: string; to: string } {
    return { from: this.names[this.from[c]], to: this.names[this.to[c]] };
  }

  /** The message's delay: the scheduler's pick or the delay model's draw, within the synchrony bound. */
  private draw(c: number, msg: M, now: number): number {
    const { net } = this;
    const picked = net.scheduler && net.scheduler(this.names[this.from[c]], this.names[this.to[c]], msg, now);
    return boundDelay(net.synchrony, now, picked ?? this.delay[c](this.streams.rng(c)));
  }

  private post(c: number, msg: M, delayMs: number): void {
    const { kernel } = this.net;
    if (this.net.cutInFlight === undefined) kernel.post(delayMs, this, msg, PRIO.deliver, c);
    else kernel.post(delayMs, new InFlight(this, c, msg, kernel.now), undefined, PRIO.deliver);
  }
}
