/**
 * The input checks validation runs on every configuration before anything runs, beside the
 * cross-field rules of validate.ts: the parameters of named things (params.ts), the data files
 * and the sizes they imply (data.ts), and the memory a configuration needs (memory.ts).
 */
import type { RunConfig } from '../schema.ts';
import { checkRunParams } from './params.ts';

export function checkInputs(cfg: RunConfig): string[] {
  return [...checkRunParams(cfg)];
}
