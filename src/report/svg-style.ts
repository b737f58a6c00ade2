/** The stylesheet every figure's SVG carries (fonts only: sizes that are fitted are inline). */
export const STYLES = 'text{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;font-size:11px} .tick text{font-size:10px}';
