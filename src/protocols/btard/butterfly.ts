/**
 * Butterfly partitioning (BTARD, Gorbunov et al. 2022; theory §6.4): a d-vector zero-padded to a
 * multiple of m and cut into m equal parts of ⌈d/m⌉ coordinates; member j aggregates part j.
 */

/** Part length for d coordinates split among m members (zero-padded). */
export const partLength = (d: number, m: number): number => Math.ceil(d / m);

/** The m parts of v (a copy each; zero beyond v's end). */
export function splitParts(v: Float32Array, m: number): Float32Array[] {
  const len = partLength(v.length, m);
  return Array.from({ length: m }, (_, j) => {
    const out = new Float32Array(len);
    out.set(v.subarray(Math.min(v.length, j * len), Math.min(v.length, (j + 1) * len)));
    return out;
  });
}

/** The d-vector assembled from its parts (float64, each of length ⌈d/m⌉), as float32 (what the optimiser steps with). */
export function assembleParts(parts: readonly Float64Array[], d: number): Float32Array {
  const len = partLength(d, parts.length);
  const out = new Float32Array(d);
  for (let k = 0; k < d; k++) out[k] = parts[Math.floor(k / len)][k % len];
  return out;
}

/** A finite float vector of length len (what an aggregator may aggregate or publish). */
export function isFiniteVector(v: unknown, len: number): v is Float32Array | Float64Array {
  if (!(v instanceof Float32Array || v instanceof Float64Array) || v.length !== len) return false;
  for (let k = 0; k < len; k++) if (!Number.isFinite(v[k])) return false;
  return true;
}
