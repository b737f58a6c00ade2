/**
 * A network link as an xstate actor (`inPlace` logic: the hot path of the simulator, kept to
 * one cheap transition per message). On `send` it draws loss, duplication and delay from
 * its own random stream and schedules the delivery on the kernel.
 */
import { inPlace } from '../sim/logic.ts';
import { PRIO, type Kernel } from '../sim/kernel.ts';
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

export interface LinkState {
  sent: number;
  dropped: number;
}

export type LinkEvent<M extends Message = Message> = { type: 'send'; msg: M };

/** The link's logic: one transition per message sent. */
export function linkLogic<M extends Message>(cfg: LinkConfig<M>) {
  const { kernel, rng, stats, trace } = cfg;
  const deliverAfter = (msg: M, delayMs: number) => {
    const sentMs = kernel.now;
    kernel.schedule(delayMs, () => {
      if (cfg.cutInFlight !== undefined && cfg.cutInFlight(sentMs, kernel.now, cfg.from, cfg.to)) {
        stats.dropped++;
        trace?.({ t: kernel.now, ev: 'drop', from: cfg.from, to: cfg.to, kind: msg.kind, step: msg.step, why: 'partition', sent: sentMs });
        return;
      }
      stats.delivered++;
      trace?.({ t: kernel.now, ev: 'deliver', from: cfg.from, to: cfg.to, kind: msg.kind, step: msg.step });
      cfg.deliver(msg);
    }, PRIO.deliver);
  };
  return inPlace((state: LinkState, event: LinkEvent<M>) => {
    const msg = event.msg;
    state.sent++;
    stats.sent++;
    const now = kernel.now;
    const cut = cfg.cut !== undefined && cfg.cut(now, cfg.from, cfg.to);
    if (cut || (cfg.lossRate > 0 && rng() < cfg.lossRate)) {
      state.dropped++;
      stats.dropped++;
      trace?.({ t: now, ev: 'drop', from: cfg.from, to: cfg.to, kind: msg.kind, step: msg.step, why: cut ? 'partition' : 'loss' });
      return;
    }
    const delay = boundDelay(cfg.synchrony, now, (cfg.scheduler && cfg.scheduler(cfg.from, cfg.to, msg, now)) ?? cfg.delay(rng));
    trace?.({ t: now, ev: 'send', from: cfg.from, to: cfg.to, kind: msg.kind, step: msg.step, at: now + delay });
    deliverAfter(msg, delay);
    if (cfg.duplicationRate > 0 && rng() < cfg.duplicationRate) {
      stats.duplicated++;
      const again = boundDelay(cfg.synchrony, now, (cfg.scheduler && cfg.scheduler(cfg.from, cfg.to, msg, now)) ?? cfg.delay(rng));
      trace?.({ t: now, ev: 'dup', from: cfg.from, to: cfg.to, kind: msg.kind, step: msg.step, at: now + again });
      deliverAfter(msg, again);
    }
  }, () => ({ sent: 0, dropped: 0 }));
}
