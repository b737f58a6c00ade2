/**
 * Replays the `@example` line of every rule's doc comment (src/gars/**): the example is parsed
 * from the source text, so a doc that drifts from the code fails here.
 * Format: `@example fn(<rows JSON>[, f=N][, key=value…][, byzfl]) → <JSON>`.
 */
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applySteps } from '../../src/gars/apply.ts';
import { GARS, PRE_AGGREGATORS } from '../../src/gars/index.ts';
import { stream } from '../../src/sim/rng.ts';

const root = fileURLToPath(new URL('../../src/gars/', import.meta.url));
const files = [...readdirSync(root).map((f) => join(root, f)), ...readdirSync(join(root, 'pre')).map((f) => join(root, 'pre', f))].filter((f) =>
  f.endsWith('.ts'),
);

/** Split on commas outside brackets. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

const examples: { file: string; name: string; line: string }[] = [];
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const reg = /export const \w+: (?:Gar|PreAggregator) = \{\s*name: '([a-z-]+)'/.exec(text);
  const ex = /@example (.*)$/m.exec(text);
  if (reg) examples.push({ file, name: reg[1], line: ex ? ex[1] : '' });
}

test('every registered rule and pre-aggregator has a file with an @example', (t) => {
  const names = new Set(examples.filter((e) => e.line).map((e) => e.name));
  for (const name of [...GARS.keys(), ...PRE_AGGREGATORS.keys()]) t.true(names.has(name), `${name} has no @example`);
});

for (const { name, line } of examples) {
  test(`@example of ${name}: ${line}`, (t) => {
    const m = /^\w+\((.*)\) → (\[.*\])/.exec(line);
    if (!m) return t.fail(`cannot parse @example: ${line}`);
    const [rowsText, ...args] = splitTop(m[1]);
    const expectedText = m[2].slice(0, findClose(m[2]) + 1);
    const rows = JSON.parse(rowsText) as number[][];
    let f = 0;
    let convention: 'paper' | 'byzfl' = 'paper';
    const params: Record<string, number | string> = {};
    for (const a of args) {
      if (a === 'byzfl') convention = 'byzfl';
      else {
        const [k, v] = a.split('=');
        if (k === 'f') f = Number(v);
        else params[k] = v.startsWith('[') ? v : Number(v);
      }
    }
    const out = applySteps(
      [{ name, params }],
      rows.map((r) => Float64Array.from(r)),
      { f, convention, rng: stream(0, 'example') },
    );
    const actual = (Array.isArray(out) ? out.map((r) => Array.from(r)) : Array.from(out)).flat();
    const expected = (JSON.parse(expectedText) as number[] | number[][]).flat();
    t.is(actual.length, expected.length);
    expected.forEach((e, k) => t.true(Math.abs(actual[k] - e) <= 1e-8 * Math.max(1, Math.abs(e)), `coordinate ${k}: ${actual[k]} vs ${e}`));
  });
}

function findClose(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '[') depth++;
    if (s[i] === ']' && --depth === 0) return i;
  }
  return s.length - 1;
}
