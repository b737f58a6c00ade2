/**
 * One zod issue as one line: the dotted field, the rule in words, and the value that broke it
 * (truncated, NaN and Infinity named). A union's issue is replaced by the issue of the branch
 * that got furthest into the value (`workers.schedule.start`, not `workers.schedule: Invalid
 * input`), and unknown keys come with the keys the schema knows.
 */
import type { z } from 'zod';
import { knownKeys } from './keys.ts';
import { clip, show } from './show.ts';

type Issue = z.core.$ZodIssue;

/** The issue to report: unknown keys first (typos explain the rest), then in zod's order. */
export function firstIssue(issues: readonly Issue[]): Issue {
  return issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
}

/** Descend into the union branch whose first issue reaches deepest into the value. */
function settle(issue: Issue): Issue {
  let cur = issue;
  for (let depth = 0; depth < 16 && cur.code === 'invalid_union' && cur.errors.length > 0; depth++) {
    const branches = cur.errors.filter((b) => b.length > 0);
    if (branches.length === 0) break;
    const depthOf = (b: readonly Issue[]) => Math.max(...b.map((i) => i.path.length + (i.code === 'invalid_type' ? 0 : 0.5)));
    const best = branches.reduce((a, b) => (depthOf(b) > depthOf(a) ? b : a));
    if (depthOf(best) < 1) break; // the branches disagree at the value itself: report the union
    const inner = firstIssue(best);
    cur = { ...inner, path: [...cur.path, ...inner.path] } as Issue;
  }
  return cur;
}

/** `workers.faults[0].worker`: keys dotted, list indices in brackets. */
export function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out === '' ? String(k) : `.${String(k)}`;
  return out;
}

function valueAt(obj: unknown, path: readonly PropertyKey[]): unknown {
  let o = obj;
  for (const k of path) {
    if (o === null || typeof o !== 'object' || !Object.hasOwn(o, k)) return undefined;
    o = (o as Record<PropertyKey, unknown>)[k];
  }
  return o;
}

const TYPE_WORDS: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  record: 'a mapping',
  tuple: 'a list',
  bigint: 'an integer',
  null: 'null',
};

/** What the value must be, as a phrase that follows "must be": `an integer ≥ 1`, `> 0`, `one of sync, async`. */
export function ruleOf(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const received = (issue as { received?: string }).received;
      if (issue.expected === 'number' && /NaN|Infinity/.test(received ?? '')) return 'a finite number';
      return TYPE_WORDS[issue.expected] ?? `of type ${issue.expected}`;
    }
    case 'too_small':
    case 'too_big': {
      if (!/^Too (small|big)/.test(issue.message)) return issue.message.replace(/^must be /, ''); // the schema's own words
      const small = issue.code === 'too_small';
      const bound = small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum;
      const op = small ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
      if (issue.origin === 'array' || issue.origin === 'set')
        return `a list of ${small ? 'at least' : 'at most'} ${bound} item${Number(bound) === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return `a string of ${small ? 'at least' : 'at most'} ${bound} characters`;
      if (issue.origin === 'int' && bound === Number.MAX_SAFE_INTEGER) return 'an integer ≤ 2^53 − 1';
      return `${op} ${typeof bound === 'number' && Math.abs(bound) >= 1e6 ? bound.toExponential().replace('e+', 'e') : String(bound)}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? show(issue.values[0]) : `one of ${issue.values.map((v) => (typeof v === 'string' ? v : show(v))).join(', ')}`;
    case 'invalid_union': {
      if ((issue as { options?: unknown[] }).options) return `one of ${(issue as { options: unknown[] }).options.map(String).join(', ')}`;
      const phrases = issue.errors.filter((b) => b.length > 0).map((b) => ruleOf(firstIssue(b)));
      if (phrases.includes('a finite number')) return 'a finite number'; // the value is NaN: the other branches' types are beside the point
      if (phrases.length > 0 && issue.message === 'Invalid input') return [...new Set(phrases)].join(' or ');
      return issue.message.replace(/^must be /, '');
    }
    default:
      return issue.message.replace(/^must be /, '').replace(/^Invalid input: /, '');
  }
}

/** `workers.n: 0 — must be ≥ 1` — field, value, rule. */
export function describeIssue(raw: Issue, root: unknown, schema?: z.ZodType, prefix = ''): string {
  const issue = settle(raw);
  const path = joinPath(prefix, issue.path);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => clip(path ? `${path}.${k}` : k)).join(', ');
    const known = schema ? knownKeys(issue.path, schema) : undefined;
    return `${keys}: unknown key${issue.keys.length > 1 ? 's' : ''}${known ? ` (known: ${known.join(', ')})` : ''}`;
  }
  const value = valueAt(root, issue.path);
  const own = issue.code === 'custom' && !/^must /.test(issue.message) && issue.message !== 'Invalid input'; // a refine's own sentence
  return `${path || '(top level)'}: ${value === undefined ? 'missing' : show(value)} — ${own ? issue.message : `must be ${ruleOf(issue)}`}`;
}
