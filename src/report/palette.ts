/**
 * Colours, markers and dashes of a report: the Okabe–Ito palette (Okabe & Ito 2008, "Color
 * Universal Design"; distinguishable under protanopia, deuteranopia and tritanopia), with a
 * marker shape per series so that lines stay distinguishable in greyscale print too.
 *
 * A `StyleBook` hands out one style per configuration key, in the order keys are first asked for;
 * the report asks for every configuration in plan order before drawing any figure, so a
 * configuration has the same colour and marker in every figure of a report, whatever subset of
 * configurations a figure shows.
 */

/** Okabe–Ito, yellow last (it is the weakest on a white background). */
export const OKABE_ITO = ['#000000', '#E69F00', '#56B4E9', '#009E73', '#0072B2', '#D55E00', '#CC79A7', '#F0E442'] as const;

/** d3 symbol type names (`d3.symbolCircle` …), in the order they are handed out. */
export const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'cross', 'wye', 'star'] as const;
export type Marker = (typeof MARKERS)[number];

/** Dash patterns, changing once every colour × marker combination has been used. */
export const DASHES = ['', '6,3', '2,2', '8,3,2,3'] as const;

export interface Style {
  readonly color: string;
  readonly marker: Marker;
  readonly dash: string;
}

/** The i-th style: colour changes fastest, then the marker shifts, then the dash. */
export function styleAt(i: number): Style {
  const c = OKABE_ITO.length;
  const m = MARKERS.length;
  return {
    color: OKABE_ITO[i % c],
    // shifting the marker with every colour round keeps (colour, marker) pairs unique for c·m styles
    marker: MARKERS[(i + Math.floor(i / c)) % m],
    dash: DASHES[Math.floor(i / (c * m)) % DASHES.length],
  };
}

/** One style per key, stable for the life of the book (i.e. one report). */
export class StyleBook {
  private readonly byKey = new Map<string, Style>();

  style(key: string): Style {
    let s = this.byKey.get(key);
    if (!s) this.byKey.set(key, (s = styleAt(this.byKey.size)));
    return s;
  }

  get size(): number {
    return this.byKey.size;
  }
}

/** Greyscale reference lines (thresholds such as k_F) never take a palette colour. */
export const REFERENCE_STYLE: Style = { color: '#777777', marker: 'circle', dash: '4,3' };
