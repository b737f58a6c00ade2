/** Shared output of the benches: a readable table, or one JSON object per line with --json. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
}

export const asJson = process.argv.includes('--json');

export function emit(fig: Figure): void {
  if (asJson) process.stdout.write(JSON.stringify(fig) + '\n');
  else {
    const extra = fig.ratio !== undefined ? `   (baseline ${fmt(fig.baseline!)}, ratio ${fig.ratio.toFixed(2)})` : '';
    process.stdout.write(`${fig.name.padEnd(48)} ${fmt(fig.value).padStart(12)} ${fig.unit}${extra}\n`);
  }
}

function fmt(x: number): string {
  return Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(4);
}
