/**
 * The rules Bulyan may use as its base rule: every aggregation rule but Bulyan itself. Its own
 * module so that bulyan.ts does not import the registry (index.ts), which imports bulyan.ts.
 */
import { average } from './average.ts';
import { centeredClip } from './centered-clip.ts';
import { geometricMedian } from './geometric-median.ts';
import { krum } from './krum.ts';
import { mda } from './mda.ts';
import { meamed } from './meamed.ts';
import { median } from './median.ts';
import { multiKrum } from './multi-krum.ts';
import { phocas } from './phocas.ts';
import { smea } from './smea.ts';
import { trimmedMean } from './trimmed-mean.ts';
import type { Gar } from './types.ts';

/** Base rules for Bulyan, by registry name. */
export const BASE_RULES: ReadonlyMap<string, Gar> = new Map(
  [average, median, trimmedMean, geometricMedian, krum, multiKrum, mda, meamed, phocas, centeredClip, smea].map((g) => [g.name, g]),
);
