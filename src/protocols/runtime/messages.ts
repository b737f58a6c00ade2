/** Messages more than one protocol exchanges (what links carry). A protocol's own messages live in its folder. */
import type { Message } from '../../net/link.ts';

/** Worker → aggregating node (a server, a replica): a gradient computed at the model of `step`. `grad` may be anything a Byzantine worker sends. */
export interface GradientMsg extends Message {
  readonly kind: 'gradient';
  readonly from: string;
  /** The sender's index among the workers (its row in the roles table). */
  readonly index: number;
  readonly grad: unknown;
  readonly loss: number;
}
