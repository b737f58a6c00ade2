/** The image formats a report writes (a leaf module: the CLI checks `--format` without loading d3). */
export const FORMATS = ['svg', 'png'] as const;
export type Format = (typeof FORMATS)[number];
