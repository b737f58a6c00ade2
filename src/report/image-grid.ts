/**
 * An image grid (d3-node → SVG string): rows of grayscale images with a caption per row and
 * per image — e.g. original digits above their DLG reconstructions. A long title wraps (and
 * shrinks past three lines) to the grid's width instead of running off it. Pure: pixels in, SVG out.
 */
import { D3Node } from 'd3-node';
import { STYLES } from './svg-style.ts';
import { appendFitted, fitText } from './text.ts';

export interface ImageRow {
  readonly label: string;
  /** Row-major pixels in [0, 1] (values outside are clamped), `side × side` each. */
  readonly images: readonly Float32Array[];
  /** Optional caption under each image (e.g. "PSNR 31.2 dB"). */
  readonly captions?: readonly string[];
}

export interface ImageGrid {
  readonly title: string;
  readonly rows: readonly ImageRow[];
  /** Image side in pixels (28 for MNIST). */
  readonly side: number;
  /** Screen pixels per image pixel (default 3). */
  readonly scale?: number;
}

/** SVG of the grid: images drawn as rects (white digit on black, as MNIST), rows labelled on the left. */
export function imageGrid(g: ImageGrid): string {
  const scale = g.scale ?? 3;
  const cell = g.side * scale;
  const gap = 8;
  const left = 110;
  const rowH = cell + 22;
  const cols = Math.max(1, ...g.rows.map((r) => r.images.length));
  const width = Math.max(320, left + cols * (cell + gap) + gap);
  const title = fitText(g.title, width - 16, 14, { bold: true });
  const top = 12 + title.height + 8;
  const height = Math.ceil(top + g.rows.length * rowH + 6);
  const d3n = new D3Node({ styles: STYLES });
  const svg = d3n.createSVG(width, height);
  svg.append('rect').attr('width', width).attr('height', height).attr('fill', 'white');
  svg.append('title').text(g.title);
  appendFitted(svg, title, 8, 12 + title.px * 0.85, { bold: true, cls: 'title' });
  g.rows.forEach((row, r) => {
    const y0 = top + r * rowH;
    svg
      .append('text')
      .attr('x', 8)
      .attr('y', y0 + cell / 2)
      .text(row.label);
    row.images.forEach((img, c) => {
      const x0 = left + c * (cell + gap);
      const group = svg.append('g').attr('transform', `translate(${x0},${y0})`);
      group.append('rect').attr('width', cell).attr('height', cell).attr('fill', 'black');
      for (let p = 0; p < g.side * g.side; p++) {
        const v = Math.min(1, Math.max(0, img[p]));
        if (!(v > 0.02)) continue; // black background already drawn
        const level = Math.round(v * 255);
        group
          .append('rect')
          .attr('x', (p % g.side) * scale)
          .attr('y', Math.floor(p / g.side) * scale)
          .attr('width', scale)
          .attr('height', scale)
          .attr('fill', `rgb(${level},${level},${level})`);
      }
      const caption = row.captions?.[c];
      if (caption)
        svg
          .append('text')
          .attr('x', x0)
          .attr('y', y0 + cell + 13)
          .text(caption);
    });
  });
  return d3n.svgString();
}
