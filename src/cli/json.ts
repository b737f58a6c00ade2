/** `--json` output: one JSON document on stdout; non-finite numbers as "Infinity", "-Infinity", "NaN" (JSON has none, and they must not print as null). */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

export function printJson(value: unknown): void {
  process.stdout.write(`${jsonText(value)}\n`);
}
