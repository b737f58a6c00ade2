/**
 * The efficiency table as text: rule | plaintext | HE (measured, or estimated from a measured
 * primitive) | the survey's figures (survey.ts), then the HE averaging phases.
 */
import type { CostReport } from './run-cost.ts';
import { SURVEY } from './survey.ts';

/** Seconds, readably: 3 significant digits, exponent form below 0.01 s. */
export function seconds(s: number): string {
  if (!Number.isFinite(s)) return '—';
  return s < 0.01 ? `${s.toExponential(2)} s` : s < 100 ? `${s.toPrecision(3)} s` : `${(s / 60).toPrecision(3)} min`;
}

export interface TableRow {
  readonly rule: string;
  readonly plaintextS: number;
  /** HE seconds and how they were obtained, when available. */
  readonly heS?: number;
  readonly heKind?: 'measured' | 'estimate';
  readonly surveyPlaintext: string;
  readonly surveyHe: string;
}

/** One row per rule of the report. */
export function tableRows(r: CostReport): TableRow[] {
  return r.plaintext.map((p) => {
    const survey = SURVEY[p.rule] ?? {};
    const est = r.heEstimates?.find((e) => e.rule === p.rule);
    const he =
      p.rule === 'average' && r.heAverage
        ? { heS: r.heAverage.totalMs / 1000, heKind: 'measured' as const }
        : est
          ? { heS: est.ms / 1000, heKind: 'estimate' as const }
          : {};
    return {
      rule: p.rule,
      plaintextS: p.ms / 1000,
      ...he,
      surveyPlaintext: survey.plaintextS !== undefined ? seconds(survey.plaintextS) : '—',
      surveyHe: survey.he ?? '—',
    };
  });
}

function pad(cells: readonly string[][]): string {
  const widths = cells[0].map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  return cells
    .map((row) =>
      row
        .map((v, c) => v.padEnd(widths[c]))
        .join(' | ')
        .trimEnd(),
    )
    .join('\n');
}

export function costTable(r: CostReport): string {
  const { n, d, f, repeats } = r.options;
  const head = ['rule', 'plaintext', 'HE', 'HE how', 'survey plaintext', 'survey HE'];
  const rows = tableRows(r).map((t) => [
    t.rule,
    seconds(t.plaintextS),
    t.heS !== undefined ? seconds(t.heS) : '—',
    t.heKind ?? '—',
    t.surveyPlaintext,
    t.surveyHe,
  ]);
  const lines = [
    `Efficiency table: n = ${n}, d = ${d}, f = ${f}; plaintext = median of ${repeats} aggregations (wall time, this machine)`,
    pad([head, ...rows]),
  ];
  const a = r.heAverage;
  if (a) {
    lines.push(
      '',
      `HE average (${a.scheme}, ${a.slots} slots, ${a.blocks} ciphertexts per worker): encrypt ${seconds(a.encryptMs / 1000)} per worker (median of ${n}, in parallel),` +
        ` server additions ${seconds(a.addMs / 1000)}, decrypt + decode ${seconds(a.decryptMs / 1000)}; total ${seconds(a.totalMs / 1000)}; keys ${seconds(a.keygenMs / 1000)} once.`,
      `Decrypted average vs plaintext average: max |error| = ${a.maxError.toExponential(2)}.`,
    );
  }
  const p = r.hePrimitives;
  if (p) {
    lines.push(
      `HE robust rules: ESTIMATES from measured primitives, not HE implementations (${p.scheme}, ${p.slots} slots): one encrypted comparison`,
      `  ${seconds(p.comparisonMs / 1000)} (max via sign ≈ f₃∘f₃, Cheon et al. 2020; |decrypted − polynomial| ≤ ${p.comparisonError.toExponential(1)}), ` +
        `multiplication ${seconds(p.multiplicationMs / 1000)}, key switch ${seconds(p.keySwitchMs / 1000)}, addition ${seconds(p.additionMs / 1000)};`,
      `  × each rule's operation counts (${(r.heEstimates ?? []).map((e) => `${e.rule}: ${e.comparisons} comparisons`).join(', ')}). Lower bounds.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
