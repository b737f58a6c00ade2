/**
 * The input checks validation runs on every configuration before anything runs, beside the
 * cross-field rules of validate.ts, in the order they explain each other: the parameters of
 * named things (params.ts), the data files and the sizes asked of them (data.ts), the memory the
 * configuration needs (memory.ts), then the batch each worker's share must hold (data.ts).
 */
import type { RunConfig } from '../schema.ts';
import { batchIssue, dataSize, imageIssue, splitSizes } from './data.ts';
import { checkMemory } from './memory.ts';
import { checkRunParams } from './params.ts';

export function checkInputs(cfg: RunConfig): string[] {
  const params = checkRunParams(cfg);
  if (params.length > 0) return params;
  const size = dataSize(cfg);
  if (typeof size === 'string') return [size];
  const split = splitSizes(cfg, size);
  if (typeof split === 'string') return [split];
  const other = imageIssue(cfg, size) ?? checkMemory(cfg, size, split.train, split.test) ?? batchIssue(cfg, split.train);
  return other === undefined ? [] : [other];
}
