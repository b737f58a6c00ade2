/** A labelled dataset held as flat typed arrays (row-major examples). */
export interface Dataset {
  readonly name: string;
  /** n × features, row-major. */
  readonly x: Float32Array;
  /** n integer labels in [0, classes). */
  readonly y: Int32Array;
  readonly features: number;
  /** Shape of one example (e.g. [28, 28, 1] for images, [features] otherwise). */
  readonly shape: readonly number[];
  readonly classes: number;
}

/**
 * What a loader's header check knows of a dataset without loading it: its examples (a standard
 * split: its train and test parts), one example's features and shape, its classes when known.
 */
export interface DataSize {
  readonly name: string;
  readonly examples: number;
  readonly split?: { readonly train: number; readonly test: number };
  readonly features: number;
  readonly shape: readonly number[];
  readonly classes?: number;
}

export function count(ds: Dataset): number {
  return ds.y.length;
}

/** The examples at `indices`, copied into fresh arrays. */
export function take(ds: Dataset, indices: ArrayLike<number>, name = ds.name): Dataset {
  const m = indices.length;
  const x = new Float32Array(m * ds.features);
  const y = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const r = indices[i];
    x.set(ds.x.subarray(r * ds.features, (r + 1) * ds.features), i * ds.features);
    y[i] = ds.y[r];
  }
  return { ...ds, name, x, y };
}

/** Split into train/test by a fixed permutation (`order`), the first `trainCount` going to train. */
export function split(ds: Dataset, order: Int32Array, trainCount: number, testCount: number): { train: Dataset; test: Dataset } {
  if (trainCount + testCount > order.length)
    throw new Error(`dataset ${ds.name}: train ${trainCount} + test ${testCount} exceeds its ${order.length} examples`);
  return {
    train: take(ds, order.subarray(0, trainCount), `${ds.name}/train`),
    test: take(ds, order.subarray(trainCount, trainCount + testCount), `${ds.name}/test`),
  };
}
