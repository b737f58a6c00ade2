import { clip } from '../scenario/checks/show.ts';

/**
 * An error in what the user gave us (scenario, flags, input file): printed as one line, exit
 * code 2. The message is kept to one line of bounded length whatever it quotes.
 */
export class UserError extends Error {
  override readonly name = 'UserError';

  constructor(message: string) {
    super(clip(message, 1000));
  }
}
