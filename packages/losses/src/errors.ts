/**
 * The project's own error type. Every failure that a user can cause (bad data, a bad setting,
 * an unwritable folder) is a SolhError whose message is one line naming the problem and the fix.
 * The CLI prints such errors without a stack trace; anything else is a bug.
 *
 * Messages name what the caller gave (a library option, a config path such as loss.delta), never
 * a CLI flag: a lower layer does not know how its caller was invoked. `setting` carries the config
 * path the error is about, so that the CLI can name its flag too.
 */
export class SolhError extends Error {
  /** The config path of the setting at fault, e.g. 'loss.delta', when there is one. */
  setting?: string;

  constructor(message: string, options?: { setting?: string }) {
    // Messages quote user text (file names, specs, cells), which may hold line breaks.
    super(message.replace(/[\r\n]+/g, ' '));
    this.name = 'SolhError';
    if (options?.setting !== undefined) this.setting = options.setting;
  }
}
