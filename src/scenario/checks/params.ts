/**
 * The parameters of every named thing a run uses — aggregation steps, attacks, privacy
 * mechanisms, delay models — checked against the schema its registry entry declares: unknown
 * keys (`scael: 4`) and bad values (`start: banana`) are refused with the field, the entry's
 * name, the value and the rule, before anything runs.
 */
import type { z } from 'zod';
import { ATTACKS } from '../../attacks/index.ts';
import { GARS, parsePipeline, PRE_AGGREGATORS, resolveParams, type Convention, type StepSpec } from '../../gars/index.ts';
import { PRIVACY } from '../../privacy/index.ts';
import { SERVER_ATTACKS } from '../../protocols/workload/server-attacks/index.ts';
import type { RunConfig } from '../schema.ts';
import { firstIssue, joinPath, ruleOf } from './issues.ts';
import { knownKeys } from './keys.ts';
import { show } from './show.ts';

/**
 * The first problem of `params` under `schema`, as `<field>.<key>: <value> — <entry> needs …`
 * (or `… unknown parameter of <entry> (known: …)`); undefined when they conform.
 */
export function paramsIssue(schema: z.ZodType, params: Readonly<Record<string, unknown>>, entry: string, field: string): string | undefined {
  const r = schema.safeParse(params);
  if (r.success) return undefined;
  const issue = firstIssue(r.error.issues);
  const at = (k: PropertyKey[]) => joinPath(field, k);
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(issue.path, schema) ?? [];
    const keys = issue.keys.map((k) => at([...issue.path, k])).join(', ');
    return `${keys}: unknown parameter${issue.keys.length > 1 ? 's' : ''} of ${entry} (known: ${known.join(', ') || 'none — it takes no parameters'})`;
  }
  let value: unknown = params;
  for (const k of issue.path)
    value = value !== null && typeof value === 'object' && Object.hasOwn(value, k) ? (value as Record<PropertyKey, unknown>)[k] : undefined;
  return `${at(issue.path)}: ${value === undefined ? 'missing' : show(value)} — ${entry} needs ${ruleOf(issue)}`;
}

/**
 * The schema check of each step of a pipeline (ByzFL aliases mapped first): an unknown step name
 * first (`<where>: "krumm" — unknown aggregation step (known: …)`), then its parameters.
 * `field(i)` names step i's parameters, `where(i)` the step itself. Where a known step may stand
 * (pre-aggregators before the rule, one rule last) is checkPipeline's, with the counts it needs.
 */
export function pipelineParamsIssue(
  steps: readonly StepSpec[],
  convention: Convention,
  field: (i: number) => string,
  where: (i: number) => string = (i) => field(i).replace(/\.params$/, ''),
): string | undefined {
  for (const [i, step] of steps.entries()) {
    const entry = GARS.get(step.name) ?? PRE_AGGREGATORS.get(step.name);
    if (!entry) return `${where(i)}: ${show(step.name)} — unknown aggregation step (known: ${[...PRE_AGGREGATORS.keys(), ...GARS.keys()].join(', ')})`;
    const msg = paramsIssue(entry.schema, resolveParams(step.name, step.params, convention), step.name, field(i));
    if (msg) return msg;
  }
  return undefined;
}

/**
 * A Byzantine server behaviour's parameters under its schema; for the behaviours that apply a
 * worker attack (`use: gaussian`), the other keys under that attack's schema.
 */
function serverAttackIssue({ name, params }: { name: string; params: Record<string, unknown> }): string | undefined {
  const behaviour = SERVER_ATTACKS.get(name);
  if (!behaviour) return undefined; // unknown names: checkServerAttack, with the worker-attack hint
  const own = paramsIssue(behaviour.schema, params, name, 'servers.attack.params');
  if (own || !('use' in behaviour.params)) return own;
  const { use = behaviour.params.use, ...rest } = params;
  const inner = typeof use === 'string' ? ATTACKS.get(use) : undefined;
  return inner && paramsIssue(inner.schema, rest, `${name} (use: ${use})`, 'servers.attack.params');
}

function namedParams(x: string | { name: string; params?: Record<string, unknown> }): { name: string; params: Record<string, unknown> } {
  return typeof x === 'string' ? { name: x, params: {} } : { name: x.name, params: x.params ?? {} };
}

/** Every registry entry's parameters in a run, each problem one line. */
export function checkRunParams(cfg: RunConfig): string[] {
  const errors: string[] = [];
  const gar = cfg.server.gar;
  const list = typeof gar === 'string' ? parsePipeline(gar) : Array.isArray(gar) ? gar.map(namedParams) : [namedParams(gar)];
  const where = (i: number) =>
    Array.isArray(gar) ? `server.gar[${i}]${typeof gar[i] === 'string' ? '' : '.name'}` : typeof gar === 'string' ? 'server.gar' : 'server.gar.name';
  const msg = pipelineParamsIssue(
    list as StepSpec[],
    cfg.server.convention,
    (i) => (Array.isArray(gar) ? `server.gar[${i}].params` : 'server.gar.params'),
    where,
  );
  if (msg) errors.push(msg);
  if (cfg.workers.attack !== undefined) {
    const { name, params } = namedParams(cfg.workers.attack);
    const attack = ATTACKS.get(name);
    const msg = attack && paramsIssue(attack.schema, params, name, 'workers.attack.params');
    if (msg) errors.push(msg);
  }
  const serverMsg = cfg.servers?.attack === undefined ? undefined : serverAttackIssue(namedParams(cfg.servers.attack));
  if (serverMsg) errors.push(serverMsg);
  const privacy = cfg.workers.privacy === undefined ? [] : Array.isArray(cfg.workers.privacy) ? cfg.workers.privacy : [cfg.workers.privacy];
  for (const [i, p] of privacy.entries()) {
    const { name, params } = namedParams(p);
    const mech = PRIVACY.get(name);
    const msg = mech && paramsIssue(mech.schema, params, name, Array.isArray(cfg.workers.privacy) ? `workers.privacy[${i}].params` : 'workers.privacy.params');
    if (msg) errors.push(msg);
  }
  return errors; // delay models' parameters: validate.ts's validateDelay, with the model's other rules
}
