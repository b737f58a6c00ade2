/** LiuBei's messages: pulls and their replies between workers and replicas, gather models, gradients up to every replica. */
import type { Message } from '../../net/link.ts';
import type { GradientMsg } from '../runtime/messages.ts';

/** Worker → replica: send me your model of `step` (`attempt`: the i of the worker's (r + t + i) mod n_ps). */
export interface PullMsg extends Message {
  readonly kind: 'pull';
  readonly from: string;
  readonly attempt: number;
}

/** Replica → worker: its model of `step`, in reply to pull `attempt`; a Byzantine replica may send anything. */
export interface PulledModelMsg extends Message {
  readonly kind: 'pulled-model';
  readonly from: string;
  readonly attempt: number;
  readonly params: unknown;
}

/** Replica → replicas and workers, at a gather step: its model of `step` before the gather's MeaMed. */
export interface GatherModelMsg extends Message {
  readonly kind: 'gather-model';
  readonly from: string;
  readonly params: unknown;
}

export type LiubeiMessage = PullMsg | PulledModelMsg | GatherModelMsg | GradientMsg;
