/**
 * Checking command-line flags before a command does anything: numbers that are numbers within
 * their range, `--set path=value` overrides (the value read as YAML, the path free of prototype
 * keys), output directories that can be directories. Each refusal is a one-line UserError
 * naming the flag, the value (truncated) and the rule.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { checkPath } from '../scenario/checks/path.ts';
import type { Override } from '../scenario/load.ts';
import { clip, show } from '../scenario/checks/show.ts';
import { UserError } from './errors.ts';

export interface NumberRule {
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
  /** The minimum itself is excluded (x > min). */
  readonly exclusiveMin?: boolean;
}

/** The rule as words: `an integer in [1, 200]`, `a number > 0`. */
export function describeRule(r: NumberRule): string {
  const what = r.integer ? 'an integer' : 'a finite number';
  const lo = r.min === undefined ? undefined : r.min;
  const hi = r.max === undefined || r.max === Infinity ? undefined : r.max;
  if (lo !== undefined && hi !== undefined) return `${what} in ${r.exclusiveMin ? '(' : '['}${lo}, ${hi}]`;
  if (lo !== undefined) return `${what} ${r.exclusiveMin ? '>' : '≥'} ${lo}`;
  if (hi !== undefined) return `${what} ≤ ${hi}`;
  return what;
}

/** A plain decimal number (`12`, `-0.5`, `1e-5`), else NaN: not '', not hex, not 'Infinity', not ' '. */
export function strictNumber(text: string): number {
  const t = text.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : NaN;
}

/** Parse a numeric flag against its rule. */
export function numberFlag(flag: string, value: string | undefined, rule: NumberRule = {}): number {
  if (value === undefined) throw new UserError(`${flag}: missing — must be ${describeRule(rule)}`);
  const x = strictNumber(value);
  const ok =
    Number.isFinite(x) &&
    (!rule.integer || Number.isSafeInteger(x)) &&
    (rule.min === undefined || (rule.exclusiveMin ? x > rule.min : x >= rule.min)) &&
    (rule.max === undefined || x <= rule.max);
  if (!ok) throw new UserError(`${flag}: ${Number.isFinite(x) ? value.trim() : show(value)} — must be ${describeRule(rule)}`); // a number as typed, anything else quoted
  return x;
}

/** `--set path=value …` as overrides, each with its flag for messages; the value is YAML (`--set workers.attack={name: foe}`). */
export function parseSets(items: readonly string[]): Override[] {
  const set: Override[] = [];
  for (const kv of items) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UserError(`--set: ${show(kv)} — expected path=value, e.g. workers.batch=64`);
    const path = kv.slice(0, eq).trim();
    const bad = checkPath(path);
    if (bad) throw new UserError(`--set: ${bad}`);
    let value: unknown;
    try {
      value = parseYaml(kv.slice(eq + 1));
    } catch (e) {
      const why = (e as Error).message.split('\n')[0];
      throw new UserError(`--set ${clip(path)}: ${show(kv.slice(eq + 1))} is not a YAML value (${clip(why, 120)})`);
    }
    set.push({ path, value, flag: `--set ${clip(kv)}` });
  }
  return set;
}

/**
 * An output directory flag: an existing directory, or a path whose nearest existing ancestor
 * is a writable directory (so it can be created). Returns the path unchanged.
 */
export function outDirFlag(flag: string, dir: string): string {
  if (dir.trim() === '') throw new UserError(`${flag}: an empty path — expected a directory`);
  let p = resolve(dir);
  for (let depth = 0; depth < 4096; depth++) {
    const st = statOrUndefined(p);
    if (st) {
      if (!st.isDirectory()) {
        const where = p === resolve(dir) ? `${show(dir)} is an existing file` : `${show(p)} (on the way to ${show(dir)}) is a file`;
        throw new UserError(`${flag}: ${where} — expected a directory (existing, or one byzsim can create)`);
      }
      try {
        accessSync(p, constants.W_OK);
      } catch {
        throw new UserError(`${flag}: ${show(p)} is not writable — expected a directory byzsim can write into`);
      }
      return dir;
    }
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  throw new UserError(`${flag}: ${show(dir)} — no existing parent directory`);
}

function statOrUndefined(p: string) {
  try {
    return statSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined; // an ancestor is a file: found further up
    throw new UserError(`cannot inspect ${show(p)} (${(e as NodeJS.ErrnoException).code})`);
  }
}
