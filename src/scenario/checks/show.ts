/**
 * A user's value as it appears in a one-line message: JSON-like, with NaN, Infinity and
 * -Infinity named as such (JSON would say null), strings quoted, and the whole cut to about
 * `max` characters with an ellipsis. Never walks more of a large value than it prints, so a
 * 50 MB scenario or string costs no more than a short one.
 */
export function show(value: unknown, max = 100): string {
  const out: string[] = [];
  let length = 0;
  const emit = (s: string): boolean => {
    out.push(s);
    length += s.length;
    return length <= max;
  };
  write(value, emit, max, 0);
  const text = out.join('');
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** Writes `v` piece by piece; stops as soon as `emit` says the budget is spent. Returns false then. */
function write(v: unknown, emit: (s: string) => boolean, max: number, depth: number): boolean {
  if (typeof v === 'number') return emit(Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : String(v));
  if (typeof v === 'string') return emit(JSON.stringify(v.length > max ? v.slice(0, max + 1) : v));
  if (v === undefined) return emit('nothing');
  if (v === null || typeof v === 'boolean') return emit(String(v));
  if (typeof v === 'bigint') return emit(`${v}n`);
  if (typeof v !== 'object') return emit(`<${typeof v}>`);
  if (depth > 8) return emit('…');
  const isArray = Array.isArray(v) || ArrayBuffer.isView(v);
  if (!emit(isArray ? '[' : '{')) return false;
  let first = true;
  const entries: Iterable<[string, unknown]> = isArray ? indexed(v as ArrayLike<unknown>) : ownEntries(v as object);
  for (const [k, item] of entries) {
    if (!first && !emit(', ')) return false;
    first = false;
    if (!isArray && !emit(`${/^[A-Za-z_$][\w$-]*$/.test(k) ? k : JSON.stringify(k)}: `)) return false;
    if (!write(item, emit, max, depth + 1)) return false;
  }
  return emit(isArray ? ']' : '}');
}

function* indexed(a: ArrayLike<unknown>): Iterable<[string, unknown]> {
  for (let i = 0; i < a.length; i++) yield [String(i), a[i]];
}

function* ownEntries(o: object): Iterable<[string, unknown]> {
  for (const k in o) if (Object.hasOwn(o, k)) yield [k, (o as Record<string, unknown>)[k]];
}

/** Text cut to about `max` characters (with an ellipsis) and kept on one line, unquoted. */
export function clip(text: string, max = 100): string {
  const one = text.length > 4 * max ? text.slice(0, 4 * max) : text;
  const line = one.replace(/\s*[\r\n]+\s*/g, ' ');
  return line.length <= max ? line : `${line.slice(0, max)}…`;
}
