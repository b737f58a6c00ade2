/**
 * Queue job data and job results as JSON that loses nothing: BullMQ stores both as JSON, which
 * has no ±Infinity and no NaN (JSON.stringify writes null), no −0 (written 0) and no undefined
 * (the key is dropped). A configuration with ε = ∞ (`epsilon: .inf`) would reach a worker as
 * `epsilon: null`, which the Gaussian mechanism reads as its default ε = 0.2: another
 * computation than the local one. `toWire` tags those values (`{ "$wire": "Infinity" }`),
 * `fromWire` puts them back, so a worker computes exactly the configuration it was sent and the
 * collecting run reads exactly the summary the worker made.
 */
const TAG = '$wire';

declare const wired: unique symbol;

/** A `T` as `toWire` encodes it (plain JSON); `fromWire` gives the `T` back. */
export type Wire<T> = { readonly [wired]: T };

export function toWire<T>(value: T): Wire<T> {
  return encode(value) as Wire<T>;
}

export function fromWire<T>(value: Wire<T>): T {
  return decode(value) as T;
}

function encode(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? v : { [TAG]: Object.is(v, -0) ? '-0' : String(v) };
  if (v === undefined) return { [TAG]: 'undefined' };
  if (Array.isArray(v)) return Array.from(v, encode);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
  return v;
}

function decode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decode);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === TAG && typeof o[TAG] === 'string') return o[TAG] === 'undefined' ? undefined : Number(o[TAG]);
  return Object.fromEntries(keys.map((k) => [k, decode(o[k])]));
}
