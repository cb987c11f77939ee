/**
 * The project's own error type. Every failure that a user can cause (bad data, a bad setting,
 * an unwritable folder) is a SolhError whose message is one line naming the problem and the fix.
 * The CLI prints such errors without a stack trace; anything else is a bug.
 */
export class SolhError extends Error {
  /** The setting the message is about, e.g. 'loss.delta': the CLI names the flag that sets it. */
  setting?: string;

  constructor(message: string) {
    // Messages quote user text (file names, specs, cells), which may hold line breaks.
    super(message.replace(/[\r\n]+/g, ' '));
    this.name = 'SolhError';
  }
}
