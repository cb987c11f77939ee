/** How the CLI ends on failure: one line, a non-zero exit, and a stack only with --debug. */
import { SolhError } from '../errors';

export const EXIT_USAGE = 2;
export const EXIT_BUG = 70;

export function reportFailure(err: unknown, debug: boolean): number {
  if (err instanceof SolhError) {
    process.stderr.write(`solh: error: ${err.message}\n`);
    if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
    return EXIT_USAGE;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  process.stderr.write(`solh: internal error: ${e.message.split('\n')[0]} (run again with --debug for the stack trace, and please report it)\n`);
  if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
  return EXIT_BUG;
}
