/** What a worker's behaviour produces for one step: an honest gradient or whatever its attack crafts. */
export interface Payload {
  readonly grad: unknown;
  readonly loss: number;
}

/** A worker's behaviour: the payload for the model of `step` (a value, or a promise from an off-thread engine). */
export type Producer = (step: number, params: Float32Array) => Payload | Promise<Payload>;
