/**
 * SVG → PNG through resvg (@resvg/resvg-js: a Rust SVG renderer shipped as prebuilt npm
 * packages, no browser). Text uses the system's fonts (DejaVu Sans where installed, the font
 * the SVGs ask for first). Loaded on first use, so SVG-only reports never load the native module.
 */
import { createRequire } from 'node:module';

type ResvgModule = typeof import('@resvg/resvg-js');
let resvg: ResvgModule | undefined;

/** The PNG of an SVG string at `scale` × its CSS pixel size (2: sharp on high-density screens and in print). */
export function svgToPng(svg: string, scale = 2): Buffer {
  resvg ??= createRequire(import.meta.url)('@resvg/resvg-js') as ResvgModule;
  const r = new resvg.Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return r.render().asPng();
}
