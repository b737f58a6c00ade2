/**
 * Digests of what peers send (BTARD's hashes and commitments; no real cryptography: a digest
 * stands for a collision-resistant hash, and a message's sender for its signature). SHA-256 of
 * the bytes, cut to 16 hex digits; memoised per typed array, which nobody mutates once sent.
 */
import { createHash } from 'node:crypto';

const cache = new WeakMap<object, string>();

/** The digest of a vector's bytes (its element type included), or of anything else's JSON form. */
export function digestOf(v: unknown): string {
  if (v instanceof Float32Array || v instanceof Float64Array) {
    const hit = cache.get(v);
    if (hit !== undefined) return hit;
    const h = createHash('sha256')
      .update(v instanceof Float32Array ? 'f32:' : 'f64:')
      .update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))
      .digest('hex')
      .slice(0, 16);
    cache.set(v, h);
    return h;
  }
  return createHash('sha256')
    .update(`other:${safeJson(v)}`)
    .digest('hex')
    .slice(0, 16);
}

/** The digest of a list of strings (in order). */
export function digestList(items: readonly string[]): string {
  return createHash('sha256').update(items.join('\n')).digest('hex').slice(0, 16);
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
