/**
 * BTARD's messages, one all-reduce round (step t, round r) after another. Every message names
 * its round: a round that bans somebody is run again without the banned (r + 1), so the same step
 * can have several rounds. Point-to-point: the butterfly parts. Broadcast (sent to every member,
 * the same to all — BTARD's signed gossip; equivocation is not simulated): aggregates, check
 * values, validators' verdicts, reveals.
 */
import type { Message } from '../../net/link.ts';

interface RoundMessage extends Message {
  readonly round: number;
  readonly from: string;
}

/**
 * Member → member j (butterfly scatter): part j of the sender's gradient, with its commitment —
 * a digest of each of its m parts, in member order (BTARD's broadcast hashes, carried along with
 * the part to each member), and its reported loss.
 */
export interface PartMsg extends RoundMessage {
  readonly kind: 'part';
  readonly index: number;
  readonly data: unknown;
  readonly commit: readonly string[];
  readonly loss: number;
}

/** Aggregator j → all: its CenteredClip of part j (float64) and the members whose parts it used, in member order. */
export interface AggregateMsg extends RoundMessage {
  readonly kind: 'aggregate';
  readonly index: number;
  readonly data: unknown;
  readonly used: readonly string[];
}

/**
 * Member i → all: its check value sᵢʲ = ⟨zⱼ, clip_τ(gᵢ[j] − xⱼ)⟩ for each part j it contributed to
 * (null where it did not), and the members it accuses outright.
 */
export interface CheckMsg extends RoundMessage {
  readonly kind: 'check';
  readonly s: readonly (number | null)[];
  readonly accuse: readonly string[];
}

/**
 * Validator → all: its verdict on the target of validation slot `slot` — accuse: the target's
 * gradient, recomputed, is not its commitment; parts: the parts whose check value from the target
 * is not the one its recomputed part gives (those parts are then revealed and recomputed by all).
 */
export interface VerdictMsg extends RoundMessage {
  readonly kind: 'verdict';
  readonly slot: number;
  readonly target: string;
  readonly accuse: boolean;
  readonly parts: readonly number[];
}

/** Contributor → all: its part j again, when part j's check failed (checked against its commitment). */
export interface RevealMsg extends RoundMessage {
  readonly kind: 'reveal';
  readonly index: number;
  readonly data: unknown;
}

export type BtardMessage = PartMsg | AggregateMsg | CheckMsg | VerdictMsg | RevealMsg;
