/**
 * Dotted paths into a scenario (`workers.batch`, from `--set`, `grid` and `variants`): each
 * segment non-empty, and none that would reach an object's prototype (`__proto__`,
 * `constructor`, `prototype`), so no override can pollute Object.prototype.
 */
import { show } from './show.ts';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** A message naming the path and the rule it breaks, or undefined when it is a valid path. */
export function checkPath(path: string): string | undefined {
  if (path === '') return 'an empty path — expected dotted keys such as workers.batch';
  const keys = path.split('.');
  if (keys.some((k) => k === '')) return `${show(path)} — every dotted key must be non-empty (e.g. workers.batch)`;
  const bad = keys.find((k) => FORBIDDEN.has(k));
  if (bad !== undefined) return `${show(path)} — a path may not name ${bad} (no key may be __proto__, constructor or prototype)`;
  return undefined;
}

/** Set `a.b.c` in a plain object, creating mappings on the way; only own properties are followed. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): string | undefined {
  const msg = checkPath(path);
  if (msg) return msg;
  const keys = path.split('.');
  let o: Record<string, unknown> = obj;
  for (const k of keys.slice(0, -1)) {
    const next = Object.hasOwn(o, k) ? o[k] : undefined;
    if (next === undefined) o[k] = {};
    else if (next === null || typeof next !== 'object' || Array.isArray(next)) return `cannot set ${path}: ${k} is ${show(next)}, not a mapping`;
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1]] = value;
  return undefined;
}
