/** What a gradient computation takes (a mini-batch) and gives (the flat gradient and the batch's mean loss). */
export interface GradientResult {
  readonly grad: Float32Array;
  readonly loss: number;
}

/** A mini-batch: x is b × features row-major, y its b labels. */
export interface Batch {
  readonly x: Float32Array;
  readonly y: Int32Array;
}
