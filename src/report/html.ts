/**
 * The report's index.html: what was run and where (byzsim version and commit, Node, platform,
 * backend, seeds, wall time — each "not recorded" when the run directory has no record of it),
 * the figures with their captions and CSV links, the final-figures table, and every run's
 * resolved configuration in a collapsible block (a stalled run's summary says why it stalled). Static HTML, no script.
 */
import type { Table } from './table.ts';

export interface HtmlFigure {
  readonly file: string;
  readonly caption: string;
  readonly csv?: string;
  readonly png?: string;
}

export interface HtmlRun {
  readonly label: string;
  readonly seed?: number;
  readonly backend?: string;
  readonly wallMs?: number;
  readonly stalled?: boolean;
  /** Why it stalled, one line (`no-progress: …`, `retransmit: …`). */
  readonly stall?: string;
  readonly config?: string;
}

export interface HtmlReport {
  readonly title: string;
  readonly intro: string;
  /** Name → value rows of the "Run" section, in order. */
  readonly facts: readonly (readonly [string, string])[];
  readonly figures: readonly HtmlFigure[];
  readonly table: Table;
  readonly runs: readonly HtmlRun[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const attr = (s: string) => esc(s).replace(/"/g, '&quot;');

export function formatWall(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

function figureHtml(f: HtmlFigure): string {
  const links = [f.png && f.png !== f.file ? `<a href="${attr(f.png)}">PNG</a>` : '', f.csv ? `<a href="${attr(f.csv)}">CSV</a>` : '']
    .filter(Boolean)
    .join(' · ');
  return `<figure><img src="${attr(f.file)}" alt="${attr(f.caption)}"><figcaption>${esc(f.caption)}${links ? ` <span class="links">(${links})</span>` : ''}</figcaption></figure>`;
}

function runHtml(r: HtmlRun): string {
  const bits = [
    r.seed !== undefined ? `seed ${r.seed}` : '',
    r.backend ? `backend ${r.backend}` : '',
    r.wallMs !== undefined ? `wall ${formatWall(r.wallMs)}` : '',
    r.stalled ? `stalled${r.stall ? ` — ${r.stall}` : ''}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `<details><summary>${esc(r.label)}${bits ? ` <span class="meta">— ${esc(bits)}</span>` : ''}</summary><pre>${esc(r.config ?? 'config.json: not recorded')}</pre></details>`;
}

const STYLE = `body{font-family:"DejaVu Sans",Verdana,sans-serif;max-width:1180px;margin:2em auto;padding:0 1em;color:#111}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}
figure{margin:1.5em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}figcaption{font-size:0.9em;color:#333}
.links,.meta{color:#666}dl{display:grid;grid-template-columns:max-content auto;gap:2px 16px}dt{font-weight:bold}dd{margin:0}
pre{background:#f6f6f6;padding:8px;overflow:auto;max-height:30em}details{margin:2px 0}`;

export function indexHtml(r: HtmlReport): string {
  const facts = r.facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
  const head = `<tr><th>configuration</th>${r.table.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const body = r.table.rows.map((row) => `<tr><td>${esc(row.label)}</td>${row.cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<style>${STYLE}</style>
</head><body>
<h1>${esc(r.title)}</h1>
<p>${esc(r.intro)}</p>
<h2>Run</h2>
<dl>${facts}</dl>
<h2>Figures</h2>
${r.figures.map(figureHtml).join('\n')}
<h2>Final figures</h2>
<table>${head}
${body}</table>
<h2>Configurations</h2>
<p>The resolved configuration of each run (its config.json), as it ran.</p>
${r.runs.map(runHtml).join('\n')}
</body></html>
`;
}
