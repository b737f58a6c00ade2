/** GuanYu's messages: replica models down to workers, gradients up to every replica, updates between replicas. */
import type { Message } from '../../net/link.ts';
import type { GradientMsg } from '../runtime/messages.ts';

/** Replica → worker: a server replica's model at `step`; a Byzantine replica may send anything. */
export interface ReplicaModelMsg extends Message {
  readonly kind: 'replica-model';
  readonly from: string;
  readonly params: unknown;
}

/** Replica → replica: the model w̄ a replica obtained from the workers' gradients at `step`. */
export interface PeerModelMsg extends Message {
  readonly kind: 'peer-model';
  readonly from: string;
  readonly params: unknown;
}

export type GuanyuMessage = ReplicaModelMsg | PeerModelMsg | GradientMsg;
