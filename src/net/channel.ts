/**
 * One direction of a link (src/net/link.ts): from → to, with its own random stream
 * `link/<from>→<to>`, delay model, loss and duplication rates. `send` — run by the link actor's
 * transition — draws loss, delay and duplication and posts each delivery on the kernel's queue
 * with the channel itself as the target (`kernel.post`, no closure): at the delivery time the
 * kernel calls `fire(msg)`, which counts and traces it and hands it to the receiving node (one
 * xstate `send` to that node's actor). A partition that cuts messages in flight needs each
 * message's send time, so only then does a message travel in a small record.
 *
 * The draws are made in the order of the per-direction link actor this replaces (loss, delay,
 * then duplication and its delay), and each delivery takes its sequence number at the send, so
 * the order of events — and every metric — is unchanged.
 */
import { PRIO, type Kernel } from '../sim/kernel.ts';
import type { Target } from '../sim/queue.ts';
import { boundDelay, type Synchrony } from './synchrony.ts';

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

/** What every channel of a network shares: the kernel, the synchrony mode, partitions, counters, trace, scheduler. */
export type ChannelShared<M extends Message = Message> = Pick<LinkConfig<M>, 'kernel' | 'synchrony' | 'cut' | 'cutInFlight' | 'stats' | 'trace' | 'scheduler'>;

/** What a channel has of its own: its ends, stream, delay model, loss and duplication rates, the receiver. */
export type ChannelOwn<M extends Message = Message> = Pick<LinkConfig<M>, 'from' | 'to' | 'rng' | 'delay' | 'lossRate' | 'duplicationRate' | 'deliver'>;

/** A message on a wire a partition may cut in flight: it carries its send time. */
class InFlight<M extends Message> implements Target<undefined> {
  readonly cancelled = false;
  readonly wait = undefined;
  constructor(
    private readonly link: Channel<M>,
    private readonly msg: M,
    private readonly sentMs: number,
  ) {}

  fire(): void {
    this.link.arrive(this.msg, this.sentMs);
  }
}

export class Channel<M extends Message = Message> implements Target<M> {
  readonly cancelled = false;
  readonly wait = undefined;
  /** Messages handed to this channel, and those it lost (loss or a partition at the send). */
  sent = 0;
  dropped = 0;
  readonly from: string;
  readonly to: string;
  private readonly rng: () => number;
  private readonly delay: (rng: () => number) => number;
  private readonly lossRate: number;
  private readonly duplicationRate: number;
  private readonly deliver: (msg: M) => void;

  constructor(
    private readonly net: ChannelShared<M>,
    own: ChannelOwn<M>,
  ) {
    this.from = own.from;
    this.to = own.to;
    this.rng = own.rng;
    this.delay = own.delay;
    this.lossRate = own.lossRate;
    this.duplicationRate = own.duplicationRate;
    this.deliver = own.deliver;
  }

  /** Hand `msg` to the channel: lost, or posted for delivery (and maybe a second copy). */
  send(msg: M): void {
    const { net, rng } = this;
    this.sent++;
    net.stats.sent++;
    const now = net.kernel.now;
    const cut = net.cut !== undefined && net.cut(now, this.from, this.to);
    if (cut || (this.lossRate > 0 && rng() < this.lossRate)) {
      this.dropped++;
      net.stats.dropped++;
      net.trace?.({ t: now, ev: 'drop', from: this.from, to: this.to, kind: msg.kind, step: msg.step, why: cut ? 'partition' : 'loss' });
      return;
    }
    const delay = this.draw(msg, now);
    net.trace?.({ t: now, ev: 'send', from: this.from, to: this.to, kind: msg.kind, step: msg.step, at: now + delay });
    this.post(msg, delay);
    if (this.duplicationRate > 0 && rng() < this.duplicationRate) {
      net.stats.duplicated++;
      const again = this.draw(msg, now);
      net.trace?.({ t: now, ev: 'dup', from: this.from, to: this.to, kind: msg.kind, step: msg.step, at: now + again });
      this.post(msg, again);
    }
  }

  /** The kernel delivers a posted message (no partition cuts in flight). */
  fire(msg: M): void {
    const { net } = this;
    net.stats.delivered++;
    net.trace?.({ t: net.kernel.now, ev: 'deliver', from: this.from, to: this.to, kind: msg.kind, step: msg.step });
    this.deliver(msg);
  }

  /** A message sent at `sentMs` reaches the end of a wire partitions may cut in flight. */
  arrive(msg: M, sentMs: number): void {
    const { net } = this;
    if (net.cutInFlight!(sentMs, net.kernel.now, this.from, this.to)) {
      net.stats.dropped++;
      net.trace?.({ t: net.kernel.now, ev: 'drop', from: this.from, to: this.to, kind: msg.kind, step: msg.step, why: 'partition', sent: sentMs });
      return;
    }
    this.fire(msg);
  }

  /** The message's delay: the scheduler's pick or the delay model's draw, within the synchrony bound. */
  private draw(msg: M, now: number): number {
    const { net } = this;
    return boundDelay(net.synchrony, now, (net.scheduler && net.scheduler(this.from, this.to, msg, now)) ?? this.delay(this.rng));
  }

  private post(msg: M, delayMs: number): void {
    const { kernel } = this.net;
    if (this.net.cutInFlight === undefined) kernel.post(delayMs, this, msg, PRIO.deliver);
    else kernel.post(delayMs, new InFlight(this, msg, kernel.now), undefined, PRIO.deliver);
  }
}
