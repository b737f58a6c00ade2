/**
 * Text that fits: an estimate of a string's width in a sans-serif font, and titles wrapped (and,
 * past three lines, shrunk) to the width they are given, so a title is never cut off by the
 * figure's edge. The estimate errs wide (DejaVu Sans, the widest common sans-serif), so text laid
 * out with it fits in narrower fonts too.
 */

const NARROW = new Set(" ilIjtfr.,;:!|'()[]{}`".split(''));
const WIDE = new Set('mwMW@%∞—'.split(''));

/** Width in px of `s` at font size `px` (bold ≈ 12 % wider), never below DejaVu Sans' (tested against resvg's layout). */
export function textWidth(s: string, px: number, bold = false): number {
  let em = 0;
  for (const ch of s) {
    if (NARROW.has(ch)) em += 0.36;
    else if (WIDE.has(ch)) em += 0.94;
    else if (ch >= 'A' && ch <= 'Z') em += 0.72;
    else if (ch >= '0' && ch <= '9') em += 0.66;
    else em += 0.62;
  }
  return em * px * (bold ? 1.12 : 1);
}

/** Greedy word wrap to `maxPx`; a single word wider than the line gets a line of its own. */
export function wrapLines(text: string, maxPx: number, px: number, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, px, bold) > maxPx) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

export interface FittedText {
  readonly lines: readonly string[];
  readonly px: number;
  /** Height of the block in px (line height 1.25 em). */
  readonly height: number;
}

/** Wrap at `px`; if that takes more than `maxLines` lines, shrink (down to `minPx`) and wrap again. */
export function fitText(text: string, maxPx: number, px: number, opts: { bold?: boolean; maxLines?: number; minPx?: number } = {}): FittedText {
  const maxLines = opts.maxLines ?? 3;
  const minPx = opts.minPx ?? 9;
  let size = px;
  let lines = wrapLines(text, maxPx, size, opts.bold);
  while (lines.length > maxLines && size > minPx) {
    size = Math.max(minPx, size - 1);
    lines = wrapLines(text, maxPx, size, opts.bold);
  }
  return { lines, px: size, height: lines.length * size * 1.25 };
}

/** Minimal structural type of a d3 selection, enough to append text. */
export interface Selection {
  append(name: string): Selection;
  attr(name: string, value: string | number): Selection;
  text(value: string): Selection;
}

/**
 * Append a fitted block whose first baseline is at `y`; returns the y just below the block.
 * Each line is a `<tspan>` so the whole title stays one `<text>` element.
 */
export function appendFitted(
  parent: Selection,
  fitted: FittedText,
  x: number,
  y: number,
  opts: { cls?: string; anchor?: string; bold?: boolean } = {},
): number {
  // an inline style, so that the figure's stylesheet (`text { font-size: … }`) does not override the fitted size
  const t = parent
    .append('text')
    .attr('x', x)
    .attr('y', y)
    .attr('style', `font-size:${fitted.px}px${opts.bold ? ';font-weight:bold' : ''}`);
  if (opts.cls) t.attr('class', opts.cls);
  if (opts.anchor) t.attr('text-anchor', opts.anchor);
  fitted.lines.forEach((line, i) => {
    t.append('tspan')
      .attr('x', x)
      .attr('dy', i === 0 ? 0 : fitted.px * 1.25)
      .text(line);
  });
  return y + fitted.height - fitted.px * 0.25;
}
