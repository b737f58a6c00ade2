/**
 * A data file that cannot be used as given: `file` and the rule it breaks (`x.csv:7: 3 cells,
 * expected 4`). Validation turns it into a one-line refusal naming the scenario field.
 */
export class DataError extends Error {
  override readonly name = 'DataError';

  constructor(
    readonly file: string,
    readonly rule: string,
  ) {
    super(`${file}: ${rule}`);
  }
}
