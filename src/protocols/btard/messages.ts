/** BTARD's messages: the butterfly scatter of gradient parts, and the all-gather of aggregated parts. */
import type { Message } from '../../net/link.ts';

/** Peer → peer (butterfly scatter): part `index` of the sender's gradient at `step`. */
export interface PartMsg extends Message {
  readonly kind: 'part';
  readonly from: string;
  readonly index: number;
  readonly data: unknown;
  readonly loss: number;
}

/** Peer → peer (all-gather): the aggregate of part `index` at `step`. */
export interface AggregatePartMsg extends Message {
  readonly kind: 'aggregate-part';
  readonly from: string;
  readonly index: number;
  readonly data: Float32Array;
}

export type BtardMessage = PartMsg | AggregatePartMsg;
