/**
 * The keys a schema accepts at a path, for "unknown key" messages (`workers.byzantine: unknown
 * key (known: n, f, batch, …)`). Walks zod's definitions through defaults, optionals, unions,
 * arrays and records; undefined when the path does not lead to an object schema.
 */
import type { z } from 'zod';
import { runSchema } from '../schema.ts';

type Def = { type: string; shape?: Record<string, unknown>; innerType?: unknown; options?: unknown[]; element?: unknown; valueType?: unknown; in?: unknown };

const defOf = (s: unknown): Def | undefined => (s as { _zod?: { def?: Def } } | undefined)?._zod?.def;

/** Object schemas reachable from `s` without consuming a path segment. */
function objects(s: unknown, depth = 0): Def[] {
  const def = defOf(s);
  if (!def || depth > 16) return [];
  if (def.type === 'object') return [def];
  if (def.innerType !== undefined) return objects(def.innerType, depth + 1);
  if (def.type === 'pipe') return objects(def.in, depth + 1);
  if (def.type === 'union') return (def.options ?? []).flatMap((o) => objects(o, depth + 1));
  return [];
}

/** Schemas one path segment below `s`. */
function children(s: unknown, key: PropertyKey, depth = 0): unknown[] {
  const def = defOf(s);
  if (!def || depth > 16) return [];
  if (def.type === 'object') return def.shape && Object.hasOwn(def.shape, key) ? [def.shape[key as string]] : [];
  if (def.type === 'array') return typeof key === 'number' ? [def.element] : [];
  if (def.type === 'record') return [def.valueType];
  if (def.innerType !== undefined) return children(def.innerType, key, depth + 1);
  if (def.type === 'pipe') return children(def.in, key, depth + 1);
  if (def.type === 'union') return (def.options ?? []).flatMap((o) => children(o, key, depth + 1));
  return [];
}

export function knownKeys(path: readonly PropertyKey[], schema: z.ZodType = runSchema): string[] | undefined {
  let at: unknown[] = [schema];
  for (const k of path) at = at.flatMap((s) => children(s, k));
  const keys = new Set(at.flatMap((s) => objects(s)).flatMap((d) => Object.keys(d.shape ?? {})));
  return keys.size > 0 ? [...keys] : undefined;
}
