/** The model registry: name → builder from the dataset's shape and the scenario's options. */
import type { ModelDef } from '../src/learn/model.ts';
import { cnn } from './cnn.ts';
import { logreg } from './logreg.ts';
import { mlp } from './mlp.ts';
import { svm } from './svm.ts';

export interface ModelOptions {
  /** Hidden widths of the MLP. */
  readonly hidden?: readonly number[];
  /** Filters of the CNN's two conv layers. */
  readonly filters?: readonly [number, number];
}

export interface DataShape {
  readonly features: number;
  readonly shape: readonly number[];
  readonly classes: number;
}

export const MODELS: ReadonlyMap<string, { summary: string; build(data: DataShape, o: ModelOptions): ModelDef; needsImages?: boolean; binaryOnly?: boolean }> =
  new Map([
    ['logreg', { summary: 'logistic regression (multinomial for > 2 classes)', build: (d: DataShape) => logreg(d.features, d.classes) }],
    ['svm', { summary: 'linear SVM, hinge loss (binary tasks)', binaryOnly: true, build: (d: DataShape) => svm(d.features) }],
    ['mlp', { summary: 'multi-layer perceptron, ReLU', build: (d: DataShape, o: ModelOptions) => mlp(d.features, d.classes, o.hidden ?? [100]) }],
    [
      'cnn',
      {
        summary: 'seed-000 CNN: conv5×5 → pool → conv5×5 → pool → dense',
        needsImages: true,
        build: (d: DataShape, o: ModelOptions) => cnn(d.classes, o.filters ?? [32, 64], d.shape[0]),
      },
    ],
  ]);
