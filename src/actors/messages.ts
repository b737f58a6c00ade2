/** Messages exchanged by servers and workers (what links carry). */
import type { Message } from '../net/link.ts';

/** Server → worker: the model at `step`. `params` is never mutated after it is sent. */
export interface ModelMsg extends Message {
  readonly kind: 'model';
  readonly params: Float32Array;
}

/** Worker → server: a gradient computed at the model of `step`. `grad` may be anything a Byzantine worker sends. */
export interface GradientMsg extends Message {
  readonly kind: 'gradient';
  readonly from: string;
  readonly index: number;
  readonly grad: unknown;
  readonly loss: number;
}

/** What a worker's behaviour produces for one step. */
export interface Payload {
  readonly grad: unknown;
  readonly loss: number;
}

/** Replica → worker (GuanYu): a server replica's model at `step`; a Byzantine replica may send anything. */
export interface ReplicaModelMsg extends Message {
  readonly kind: 'replica-model';
  readonly from: string;
  readonly params: unknown;
}

/** Replica → replica (GuanYu): the model w̄ a replica obtained from the workers' gradients at `step`. */
export interface PeerModelMsg extends Message {
  readonly kind: 'peer-model';
  readonly from: string;
  readonly params: unknown;
}

/** Peer → peer (BTARD butterfly scatter): part `index` of the sender's gradient at `step`. */
export interface PartMsg extends Message {
  readonly kind: 'part';
  readonly from: string;
  readonly index: number;
  readonly data: unknown;
  readonly loss: number;
}

/** Peer → peer (BTARD all-gather): the aggregate of part `index` at `step`. */
export interface AggregatePartMsg extends Message {
  readonly kind: 'aggregate-part';
  readonly from: string;
  readonly index: number;
  readonly data: Float32Array;
}
