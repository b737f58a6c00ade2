/**
 * A model as data: what a worker thread needs to rebuild the same ModelDef (functions do
 * not cross threads). Built through the registry in models/index.ts.
 */
import type { DataShape, ModelOptions } from '../../../models/index.ts';
import { MODELS } from '../../../models/index.ts';
import type { ModelDef } from '../model.ts';

export interface ModelSpec {
  /** A key of MODELS: logreg, svm, mlp, cnn. */
  readonly name: string;
  readonly options: ModelOptions;
  readonly data: DataShape;
}

export function buildModel(spec: ModelSpec): ModelDef {
  const entry = MODELS.get(spec.name);
  if (!entry) throw new Error(`model: unknown model '${spec.name}' (known: ${[...MODELS.keys()].join(', ')})`);
  return entry.build(spec.data, spec.options);
}
