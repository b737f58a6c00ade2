/** The data a chart is drawn from: what every line-like figure kind (line, small multiples) takes. */
import type { D3Node } from 'd3-node';
import type { Style } from './palette.ts';

/** d3-node's d3 namespace and its selections (typed loosely: @types/d3 is not a dependency). */
export type D3 = D3Node['d3'];
export type Sel = ReturnType<D3Node['createSVG']>;

export interface Point {
  readonly x: number;
  readonly y: number;
  /** The band around y (over seeds), when the series has one. */
  readonly lo?: number;
  readonly hi?: number;
  /** Seeds behind the point when it is a mean over seeds. */
  readonly n?: number;
}

export interface Series {
  /** The configuration key the style was taken for. */
  readonly key: string;
  readonly label: string;
  readonly style: Style;
  readonly points: readonly Point[];
  /** Shade [lo, hi] (a mean over several seeds). */
  readonly band?: boolean;
}

/** A horizontal reference line, e.g. a rule's VN threshold k_F. */
export interface Reference {
  readonly label: string;
  readonly y: number;
}

export interface PanelData {
  readonly title: string;
  readonly series: readonly Series[];
  readonly refs?: readonly Reference[];
}

export interface AxesSpec {
  readonly xLabel: string;
  readonly yLabel: string;
  /** Log-axis wishes from the label table (`useLog` decides with the data). */
  readonly xLog?: boolean;
  readonly yLog?: boolean;
  /** Fix the y domain (e.g. [0, 1] for accuracy); a log axis ignores it. */
  readonly yDomain?: readonly [number, number];
  /** Fix the x domain (e.g. a zoom window). */
  readonly xDomain?: readonly [number, number];
}
