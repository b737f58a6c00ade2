/** `byzsim list [kind]`: what a scenario can name — rules, pre-aggregators, attacks, privacy mechanisms, delay models, network adversaries, models, protocols, server behaviours. */
import type { Command } from 'commander';
import { MODELS } from '../../models/index.ts';
import { ATTACKS } from '../attacks/index.ts';
import { SCHEDULES } from '../attacks/schedule.ts';
import { GARS, PRE_AGGREGATORS } from '../gars/index.ts';
import { ADVERSARIES } from '../net/adversary/index.ts';
import { DELAYS } from '../net/delay/index.ts';
import { PRIVACY } from '../privacy/index.ts';
import { PROTOCOLS } from '../protocols/index.ts';
import { SERVER_ATTACKS } from '../protocols/workload/server-attacks/index.ts';
import { show } from '../scenario/checks/show.ts';
import { UserError } from './errors.ts';
import { printJson } from './json.ts';

type Entry = { summary: string; params?: Readonly<Record<string, unknown>> };

const KINDS: Record<string, { title: string; entries: () => [string, Entry][] }> = {
  gars: { title: 'aggregation rules (server.gar)', entries: () => [...GARS] },
  pre: { title: 'pre-aggregators (server.gar: "pre → … → rule")', entries: () => [...PRE_AGGREGATORS] },
  attacks: { title: 'attacks (workers.attack)', entries: () => [...ATTACKS] },
  schedules: { title: 'attack schedules (workers.schedule)', entries: () => [...SCHEDULES].map(([k, v]) => [k, { summary: JSON.stringify(v) }]) },
  privacy: { title: 'privacy mechanisms (workers.privacy)', entries: () => [...PRIVACY] },
  delays: { title: 'delay models (network.delay.model)', entries: () => [...DELAYS] },
  adversaries: { title: 'network adversaries (network.adversary)', entries: () => [...ADVERSARIES] },
  models: { title: 'models (model.name)', entries: () => [...MODELS] },
  protocols: { title: 'protocols (protocol)', entries: () => [...PROTOCOLS].map(([k, p]) => [k, { summary: p.summary }]) },
  'server-attacks': { title: 'Byzantine server behaviours (servers.attack)', entries: () => [...SERVER_ATTACKS] },
};

export function register(program: Command): void {
  program
    .command('list')
    .description(`list what scenarios can name: ${Object.keys(KINDS).join(', ')}`)
    .argument('[kind]', 'one kind only')
    .option('--json', 'print {kind: [{name, summary, params}]} as JSON')
    .action((kind: string | undefined, flags: { json?: boolean }) => {
      if (kind !== undefined && !Object.hasOwn(KINDS, kind)) throw new UserError(`list: unknown kind ${show(kind)} (known: ${Object.keys(KINDS).join(', ')})`);
      if (flags.json) return printJson(listJson(kind));
      for (const [k, { title, entries }] of Object.entries(KINDS)) {
        if (kind !== undefined && k !== kind) continue;
        process.stdout.write(`${title}\n`);
        for (const [name, e] of entries()) {
          const params =
            e.params && Object.keys(e.params).length > 0
              ? `  {${Object.entries(e.params)
                  .map(([p, v]) => `${p}: ${JSON.stringify(v)}`)
                  .join(', ')}}`
              : '';
          process.stdout.write(`  ${name.padEnd(22)} ${e.summary}${params}\n`);
        }
      }
    });
}

/** Every kind (or one) as {kind: [{name, summary, params}]}: params are each entry's defaults. */
function listJson(kind?: string): Record<string, { name: string; summary: string; params: Readonly<Record<string, unknown>> }[]> {
  const kinds = Object.entries(KINDS).filter(([k]) => kind === undefined || k === kind);
  return Object.fromEntries(kinds.map(([k, { entries }]) => [k, entries().map(([name, e]) => ({ name, summary: e.summary, params: e.params ?? {} }))]));
}
