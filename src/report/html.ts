/** The report's index.html: the figures inline, then a table of each configuration's final figures. */

export interface Row {
  readonly label: string;
  readonly cells: readonly (string | number)[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function indexHtml(title: string, intro: string, figures: readonly { file: string; caption: string }[], header: readonly string[], rows: readonly Row[]): string {
  const figs = figures.map((f) => `<figure><img src="${esc(f.file)}" alt="${esc(f.caption)}"><figcaption>${esc(f.caption)}</figcaption></figure>`).join('\n');
  const head = `<tr><th>configuration</th>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr><td>${esc(r.label)}</td>${r.cells.map((c) => `<td>${esc(String(c))}</td>`).join('')}</tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}figure{margin:1em 0}</style>
</head><body>
<h1>${esc(title)}</h1>
<p>${esc(intro)}</p>
${figs}
<h2>Final figures</h2>
<table>${head}
${body}</table>
</body></html>
`;
}
