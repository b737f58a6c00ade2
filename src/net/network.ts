/**
 * The network: one link actor per unordered pair of nodes (src/net/link.ts), created on first use,
 * its two directions each with its own random stream (`link/<from>→<to>`), so adding a node never
 * shifts other links' draws. Typed by the protocol's message union `M`: what a node is handed is
 * what some node may send. Links are found by name only when a port is first used; after that a
 * port holds its link actor and direction.
 */
import type { Actor } from 'xstate';
import { startActor } from '../sim/actor.ts';
import type { Kernel } from '../sim/kernel.ts';
import { stream } from '../sim/rng.ts';
import { Channel, type ChannelShared } from './channel.ts';
import { linkLogic, type LinkConfig, type LinkState, type Message, type NetStats, type TraceRecord } from './link.ts';
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

/** One end's view of a link: the actor and the direction away from this end. */
interface LinkEnd<M extends Message> {
  readonly actor: LinkActor<M>;
  readonly dir: 0 | 1;
}

export class Network<M extends Message = Message> {
  readonly stats: NetStats = { sent: 0, delivered: 0, dropped: 0, duplicated: 0 };
  private readonly endpoints = new Map<string, (msg: M) => void>();
  /** `from→to` → the link and the direction from → to (looked up when a port is first used, never per message). */
  private readonly links = new Map<string, LinkEnd<M>>();
  private readonly shared: ChannelShared<M>;
  private readonly logic = linkLogic<M>();

  constructor(
    private readonly kernel: Kernel,
    private readonly cfg: NetworkConfig,
    private readonly failures: Error[],
  ) {
    const { synchrony, cut, cutInFlight, trace, scheduler } = cfg;
    this.shared = { kernel, synchrony, cut, cutInFlight, stats: this.stats, trace, scheduler };
  }

  /** Register the node `id`; `deliver` is called with each message that reaches it. */
  attach(id: string, deliver: (msg: M) => void): void {
    if (this.endpoints.has(id)) throw new Error(`network: node ${id} attached twice`);
    this.endpoints.set(id, deliver);
  }

  /** Hand `msg` to the link from → to. */
  send(from: string, to: string, msg: M): void {
    const { actor, dir } = this.link(from, to);
    actor.send({ type: 'send', dir, msg });
  }

  /** A send function bound to the link from → to (resolved on first use: no lookups after). */
  port(from: string, to: string): (msg: M) => void {
    let end: LinkEnd<M> | undefined;
    return (msg) => {
      end ??= this.link(from, to);
      end.actor.send({ type: 'send', dir: end.dir, msg });
    };
  }

  /** The link between `from` and `to` and the direction from → to (its actor made on first use, the channel on its first message). */
  private link(from: string, to: string): LinkEnd<M> {
    const key = `${from}→${to}`;
    let end = this.links.get(key);
    if (end === undefined) {
      const deliver = this.endpoints.get(to);
      if (deliver === undefined) throw new Error(`network: no node ${to} (message from ${from})`);
      const back = this.links.get(`${to}→${from}`);
      end = back === undefined ? this.cable(from, to) : { actor: back.actor, dir: back.dir === 0 ? 1 : 0 };
      this.links.set(key, end);
      const o = this.cfg.override?.(from, to);
      end.actor.getSnapshot().context.channels[end.dir] = new Channel<M>(this.shared, {
        from,
        to,
        rng: stream(this.cfg.seed, `link/${key}`),
        delay: o?.delay ?? this.cfg.delay,
        lossRate: o?.lossRate ?? this.cfg.lossRate,
        duplicationRate: o?.duplicationRate ?? this.cfg.duplicationRate,
        deliver,
      });
    }
    return end;
  }

  /** A new link actor between `from` and `to`, direction 0 from → to. */
  private cable(from: string, to: string): LinkEnd<M> {
    const state: LinkState<M> = { channels: [undefined, undefined] };
    return { actor: startActor(this.kernel, `link:${from}↔${to}`, this.logic, this.failures, state), dir: 0 };
  }
}
