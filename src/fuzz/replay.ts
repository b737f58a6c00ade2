/** Write and replay the JSON cases `byzsim fuzz gar` produces on a violation. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePipeline } from '../gars/index.ts';
import type { FuzzCase } from './gar-fuzz.ts';
import { binomialSmall, judge } from './gar-fuzz.ts';

export const CASE_VERSION = 1;

/** Write a case as `<dir>/<rule>-n<n>-f<f>-seed<seed>.json`; returns the path. */
export function writeCase(dir: string, c: FuzzCase): string {
  mkdirSync(dir, { recursive: true });
  const name = `${c.rule.replace(/[^a-z0-9-]+/gi, '_')}-n${c.n}-f${c.f}-seed${c.seed}.json`;
  const path = join(dir, name);
  writeFileSync(path, `${JSON.stringify({ version: CASE_VERSION, ...c, ratio: jsonNumber(c.ratio) }, null, 1)}\n`);
  return path;
}

function jsonNumber(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

/** Re-run a recorded case: the rule's output and the ratio it gives now (over every S when small). */
export function replayCase(path: string): { recorded: number; ratio: number; subset: number[]; case: FuzzCase } {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as FuzzCase & { version: number; ratio: number | string };
  if (raw.version !== CASE_VERSION) throw new Error(`${path}: unknown case version ${raw.version}`);
  return replayGarCase(raw);
}

/** Replay a case already read (and validated: `byzsim fuzz replay` checks the file first, scenario/checks/cases.ts). */
export function replayGarCase(raw: Omit<FuzzCase, 'ratio' | 'steps'> & { steps?: FuzzCase['steps']; ratio?: number | string }): { recorded: number; ratio: number; subset: number[]; case: FuzzCase } {
  const steps = raw.steps ?? parsePipeline(raw.rule).map((s, i, all) => (i === all.length - 1 ? { ...s, params: { ...raw.params } } : s));
  const j = judge(steps, raw, raw.convention, raw.seed, binomialSmall(raw.n, raw.f));
  return { recorded: Number(raw.ratio), ratio: j.ratio, subset: j.subset, case: { ...raw, steps, ratio: Number(raw.ratio) } };
}
