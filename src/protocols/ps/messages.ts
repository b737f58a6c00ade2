/** The parameter-server protocol's messages: the model down, gradients up. */
import type { Message } from '../../net/link.ts';
import type { GradientMsg } from '../runtime/messages.ts';

/** Server → worker: the model at `step`. `params` is never mutated after it is sent. */
export interface ModelMsg extends Message {
  readonly kind: 'model';
  readonly params: Float32Array;
}

export type PsMessage = ModelMsg | GradientMsg;
