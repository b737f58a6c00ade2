/** An error in what the user gave us (scenario, flags, input file): printed as one line, exit code 2. */
export class UserError extends Error {
  override readonly name = 'UserError';
}
