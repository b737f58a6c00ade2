/**
 * The network: one link actor per ordered pair of nodes, created on first use, each with its
 * own random stream (`link/<from>→<to>`), so adding a node never shifts other links' draws.
 * Typed by the protocol's message union `M`: what a node is handed is what some node may send.
 */
import type { Actor } from 'xstate';
import { startActor } from '../sim/actor.ts';
import type { Kernel } from '../sim/kernel.ts';
import { stream } from '../sim/rng.ts';
import { linkLogic, type LinkConfig, type Message, type NetStats, type TraceRecord } from './link.ts';
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

export class Network<M extends Message = Message> {
  readonly stats: NetStats = { sent: 0, delivered: 0, dropped: 0, duplicated: 0 };
  private readonly endpoints = new Map<string, (msg: M) => void>();
  /** from → to → link actor (nested maps: no string building on the hot path). */
  private readonly links = new Map<string, Map<string, Actor<ReturnType<typeof linkLogic<M>>>>>();

  constructor(
    private readonly kernel: Kernel,
    private readonly cfg: NetworkConfig,
    private readonly failures: Error[],
  ) {}

  /** Register the node `id`; `deliver` is called with each message that reaches it. */
  attach(id: string, deliver: (msg: M) => void): void {
    if (this.endpoints.has(id)) throw new Error(`network: node ${id} attached twice`);
    this.endpoints.set(id, deliver);
  }

  /** Hand `msg` to the link from → to. */
  send(from: string, to: string, msg: M): void {
    this.link(from, to).send({ type: 'send', msg });
  }

  /** A send function bound to the link from → to (resolved on first use: no lookups after). */
  port(from: string, to: string): (msg: M) => void {
    let link: ReturnType<Network<M>['link']> | undefined;
    return (msg) => (link ??= this.link(from, to)).send({ type: 'send', msg });
  }

  private link(from: string, to: string) {
    let out = this.links.get(from);
    if (out === undefined) this.links.set(from, (out = new Map()));
    let link = out.get(to);
    if (link === undefined) {
      const key = `${from}→${to}`;
      const deliver = this.endpoints.get(to);
      if (deliver === undefined) throw new Error(`network: no node ${to} (message from ${from})`);
      const o = this.cfg.override?.(from, to);
      const logic = linkLogic<M>({
        from,
        to,
        kernel: this.kernel,
        rng: stream(this.cfg.seed, `link/${key}`),
        delay: o?.delay ?? this.cfg.delay,
        synchrony: this.cfg.synchrony,
        lossRate: o?.lossRate ?? this.cfg.lossRate,
        duplicationRate: o?.duplicationRate ?? this.cfg.duplicationRate,
        cut: this.cfg.cut,
        cutInFlight: this.cfg.cutInFlight,
        stats: this.stats,
        deliver,
        trace: this.cfg.trace,
        scheduler: this.cfg.scheduler,
      });
      link = startActor(this.kernel, `link:${key}`, logic, this.failures);
      out.set(to, link);
    }
    return link;
  }
}
