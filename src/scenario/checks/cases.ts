/**
 * The case files `byzsim fuzz gar` and `byzsim fuzz protocol` write, read back for a replay:
 * the file must be a JSON object of the right kind (a GAR case for `fuzz replay`, a protocol
 * case for `fuzz protocol --replay`), complete, with values in the ranges the commands accept,
 * and consistent (n rows of one length, n − f distinct honest indices, known rules with valid
 * parameters). Every refusal is one line that names the file, the field, the value and the rule.
 */
import { z } from 'zod';
import { GARS, PRE_AGGREGATORS, parsePipeline, type StepSpec } from '../../gars/index.ts';
import { MAX_DELAY_MS } from '../../net/delay/types.ts';
import { networkSchema } from '../schema.ts';
import { readInputText } from './file.ts';
import { describeIssue, firstIssue } from './issues.ts';
import { pipelineParamsIssue } from './params.ts';
import { show } from './show.ts';

/** The sizes `fuzz gar` accepts (it judges a case in O(n²·d)); a case file may not exceed them. */
export const GAR_CASE_LIMITS = { n: 1000, d: 100_000, values: 10_000_000 } as const;
/** The ranges `fuzz protocol` accepts. */
export const PROTOCOL_LIMITS = { n: 200, steps: 1000, delays: 100_000 } as const;

const MAX_CASE_BYTES = 256 * 1024 * 1024;
const count = (max: number) => z.number().int().min(0).max(max);
const scalar = z.union([z.number(), z.string(), z.boolean()]);
const ratio = z.union([z.number(), z.literal('Infinity'), z.literal('-Infinity'), z.literal('NaN')]);

export const garCaseSchema = z
  .object({
    version: z.literal(1),
    kind: z.literal('gar').optional(),
    rule: z.string().min(1),
    params: z.record(z.string(), scalar).default({}),
    steps: z
      .array(z.object({ name: z.string(), params: z.record(z.string(), scalar).optional() }).strict())
      .min(1)
      .optional(),
    convention: z.enum(['paper', 'byzfl']).default('paper'),
    n: z.number().int().min(1).max(GAR_CASE_LIMITS.n),
    f: count(GAR_CASE_LIMITS.n),
    vectors: z.array(z.array(z.number()).min(1).max(GAR_CASE_LIMITS.d)).min(1).max(GAR_CASE_LIMITS.n),
    honest: z.array(count(GAR_CASE_LIMITS.n)),
    ratio: ratio.optional(),
    subset: z.array(count(GAR_CASE_LIMITS.n)).optional(),
    shape: z.record(z.string(), z.unknown()).optional(),
    seed: z.number().int().min(0),
    /** The threshold the case broke, and whether by growing without bound (what `byzsim replay` judges again). */
    threshold: ratio.optional(),
    thresholdSource: z.string().optional(),
    unbounded: z.boolean().optional(),
  })
  .strict();

export const protocolCaseSchema = z
  .object({
    version: z.literal(1),
    kind: z.literal('protocol'),
    protocol: z.literal('ps').default('ps'),
    spec: z
      .object({
        n: z.number().int().min(1).max(PROTOCOL_LIMITS.n),
        f: count(PROTOCOL_LIMITS.n),
        policy: z.enum(['sync', 'async']),
        quorum: z.number().int().min(1).max(PROTOCOL_LIMITS.n),
        timeoutMs: z.number().min(0).max(MAX_DELAY_MS).optional(),
        steps: z.number().int().min(1).max(PROTOCOL_LIMITS.steps),
        lossRate: z.number().min(0).max(1),
        duplicationRate: z.number().min(0).max(1),
      })
      .strict(),
    expectLive: z.boolean().nullable().default(null),
    case: z
      .object({
        delays: z.array(z.number().min(0).max(MAX_DELAY_MS)).min(1).max(PROTOCOL_LIMITS.delays),
        crashes: z.array(z.tuple([count(PROTOCOL_LIMITS.n), z.number().min(0).max(MAX_DELAY_MS)])),
        seed: z.number().int().min(0),
      })
      .strict(),
    /** The scenario's network the case ran on (asynchronous links when absent). */
    network: networkSchema.pick({ synchrony: true, partitions: true, links: true }).strict().optional(),
    /** The violation found when the case was written (what `byzsim replay` expects again). */
    violation: z
      .object({ property: z.enum(['quorum', 'fresh', 'distinct', 'filtered', 'liveness']), step: z.number().int().min(0).optional(), detail: z.string() })
      .strict()
      .optional(),
  })
  .strict();

/**
 * A case of `byzsim fuzz protocol <name>` for a protocol with a registry fuzz entry: the
 * configuration fuzzed (a run document, validated again before the replay), whether it ran outside
 * the protocol's assumptions, the generated case and the violation found.
 */
export const registryCaseSchema = z
  .object({
    version: z.literal(1),
    kind: z.literal('protocol'),
    protocol: z.string().min(1),
    unsafe: z.boolean().default(false),
    config: z.record(z.string(), z.unknown()),
    case: z
      .object({
        delays: z.array(z.number().min(0).max(MAX_DELAY_MS)).min(1).max(PROTOCOL_LIMITS.delays),
        crashes: z.array(z.tuple([count(PROTOCOL_LIMITS.n * 10), z.number().min(0).max(MAX_DELAY_MS)])).max(PROTOCOL_LIMITS.n),
        serverCrashes: z
          .array(z.tuple([count(PROTOCOL_LIMITS.n * 10), z.number().min(0).max(MAX_DELAY_MS)]))
          .max(PROTOCOL_LIMITS.n)
          .optional(),
        choice: count(1000),
        u: z.array(z.number().min(0).lt(1)).max(100),
        loss: z.number().min(0).max(1),
        duplication: z.number().min(0).max(1),
        seed: z.number().int().min(0),
      })
      .strict(),
    violation: z
      .object({
        property: z.string(),
        step: z.number().int().min(0).optional(),
        node: z.string().optional(),
        t: z.number().min(0).optional(),
        detail: z.string(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type GarCaseFile = z.infer<typeof garCaseSchema> & { readonly steps: StepSpec[] };
export type ProtocolCaseFile = z.infer<typeof protocolCaseSchema>;
export type RegistryCaseFile = z.infer<typeof registryCaseSchema>;

type Kind = 'gar' | 'protocol';
const REPLAY: Record<Kind, string> = { gar: 'byzsim fuzz replay', protocol: 'byzsim fuzz protocol --replay' };

/** Parse the file as JSON and make sure it is a case of `kind` (of either kind when undefined), else a one-line error. */
function readCase(file: string, kind: Kind | undefined, error: (msg: string) => Error): Record<string, unknown> {
  const what = kind === undefined ? 'a fuzz case' : kind === 'gar' ? 'a fuzz gar case' : 'a fuzz protocol case';
  const text = readInputText(file, { what: `${what} (JSON)`, maxBytes: MAX_CASE_BYTES }, error);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw error(
      `${file}: not valid JSON (${show((e as Error).message)
        .slice(1, -1)
        .slice(0, 100)}) — a truncated or corrupt case file?`,
    );
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw error(`${file}: a case file is a JSON object, got ${show(doc)}`);
  const o = doc as Record<string, unknown>;
  const actual: Kind | undefined =
    o.kind === 'protocol' ? 'protocol' : o.kind === 'gar' || (o.kind === undefined && ('rule' in o || 'vectors' in o)) ? 'gar' : undefined;
  if (actual === undefined) throw error(`${file}: not a byzsim fuzz case (neither "kind": "protocol" nor a rule and vectors)`);
  if (kind !== undefined && actual !== kind)
    throw error(`${file}: a ${actual === 'gar' ? 'fuzz gar' : 'fuzz protocol'} case — replay it with ${REPLAY[actual]} ${file}`);
  return o;
}

function parseWith<T>(schema: z.ZodType<T>, doc: unknown, file: string, error: (msg: string) => Error): T {
  const r = schema.safeParse(doc);
  if (!r.success) throw error(`${file}: ${describeIssue(firstIssue(r.error.issues), doc, schema)}`);
  return r.data;
}

/** A case read for `byzsim replay`: a GAR case, a PS skeleton case, or a case of a protocol's registry fuzz entry (it has a `config`). */
export type AnyCase = { kind: 'gar'; case: GarCaseFile } | { kind: 'protocol'; case: ProtocolCaseFile } | { kind: 'registry'; case: RegistryCaseFile };

/** A case of either kind (`byzsim replay`), validated as its kind says. */
export function readAnyCase(file: string, error: (msg: string) => Error): AnyCase {
  const doc = readCase(file, undefined, error);
  if (doc.kind === 'protocol' && 'config' in doc) return { kind: 'registry', case: parseWith(registryCaseSchema, doc, file, error) };
  return doc.kind === 'protocol' ? { kind: 'protocol', case: protocolCase(doc, file, error) } : { kind: 'gar', case: garCase(doc, file, error) };
}

/** A `fuzz gar` case, validated and consistent; its pipeline with every step's params. */
export function readGarCase(file: string, error: (msg: string) => Error): GarCaseFile {
  return garCase(readCase(file, 'gar', error), file, error);
}

function garCase(doc: Record<string, unknown>, file: string, error: (msg: string) => Error): GarCaseFile {
  const c = parseWith(garCaseSchema, doc, file, error);
  const bad = (msg: string) => error(`${file}: ${msg}`);
  if (c.vectors.length !== c.n) throw bad(`vectors: ${c.vectors.length} rows — must be n = ${c.n}`);
  const d = c.vectors[0].length;
  const ragged = c.vectors.findIndex((r) => r.length !== d);
  if (ragged >= 0) throw bad(`vectors[${ragged}]: ${c.vectors[ragged].length} values — every row must have d = ${d} (the length of vectors[0])`);
  if (c.n * d > GAR_CASE_LIMITS.values) throw bad(`vectors: n·d = ${c.n * d} values — must be ≤ ${GAR_CASE_LIMITS.values}`);
  if (c.f >= c.n) throw bad(`f: ${c.f} — must be < n = ${c.n}`);
  for (const [field, list] of [
    ['honest', c.honest],
    ['subset', c.subset ?? []],
  ] as const) {
    const out = list.findIndex((i) => i >= c.n);
    if (out >= 0) throw bad(`${field}[${out}]: ${list[out]} — must be an index < n = ${c.n}`);
    if (new Set(list).size !== list.length) throw bad(`${field}: ${show(list)} — indices must be distinct`);
  }
  if (c.honest.length !== c.n - c.f) throw bad(`honest: ${c.honest.length} indices — must be n − f = ${c.n - c.f}`);
  const steps = (c.steps ?? parsePipeline(c.rule).map((s, i, all) => (i === all.length - 1 ? { ...s, params: { ...c.params } } : s))) as StepSpec[];
  for (const [i, s] of steps.entries()) {
    const last = i === steps.length - 1;
    if (!(last ? GARS : PRE_AGGREGATORS).has(s.name))
      throw bad(
        `steps[${i}].name: ${show(s.name)} — must be ${last ? 'an aggregation rule' : 'a pre-aggregator'} (known: ${[...(last ? GARS : PRE_AGGREGATORS).keys()].join(', ')})`,
      );
  }
  const msg = pipelineParamsIssue(steps, c.convention, (i) => `steps[${i}].params`);
  if (msg) throw bad(msg);
  return { ...c, steps };
}

/** A `fuzz protocol` case, validated and consistent with its spec. */
export function readProtocolCase(file: string, error: (msg: string) => Error): ProtocolCaseFile {
  return protocolCase(readCase(file, 'protocol', error), file, error);
}

function protocolCase(doc: Record<string, unknown>, file: string, error: (msg: string) => Error): ProtocolCaseFile {
  const c = parseWith(protocolCaseSchema, doc, file, error);
  const bad = (msg: string) => error(`${file}: ${msg}`);
  const { n, f, quorum } = c.spec;
  if (f >= n) throw bad(`spec.f: ${f} — must be < n = ${n}`);
  if (quorum > n) throw bad(`spec.quorum: ${quorum} — must be ≤ n = ${n}`);
  const workers = c.case.crashes.map(([w]) => w);
  const out = workers.findIndex((w) => w >= n - f);
  if (out >= 0) throw bad(`case.crashes[${out}]: worker ${workers[out]} — must be an honest worker < n − f = ${n - f}`);
  if (new Set(workers).size !== workers.length) throw bad(`case.crashes: ${show(c.case.crashes)} — each worker crashes at most once`);
  return c;
}
