/** The `solh` command line: the program built from the command list (src/cli/commands/). */
import { Command } from 'commander';
import { oneLineUsageErrors } from './errors';
import { buildCommand } from './command';
import { paramOption } from './params';
import { COMMANDS } from './commands';

const { version } = require('../../../package.json') as { version: string };

export function buildProgram(): Command {
  const program = new Command('solh')
    .description('score-oriented losses (SOL, SOLH, soft-set) for binary classifiers: train, reproduce Zou 2025, tabulate, plot')
    .version(version)
    .addOption(paramOption('debug'))
    .addHelpText('after', `
Examples:
  $ npx solh run --target f1          train the paper's grid for F1 and print Table 2
  $ npx solh curve --method solh --dist "cosine(0.5,0.3)" --p 0,0.25,0.5`);
  for (const spec of COMMANDS) program.addCommand(buildCommand(spec));
  oneLineUsageErrors(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // A reader that stops early (`solh verdicts --format json | head`) is not an error of ours.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const program = buildProgram();
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
  } catch (err) {
    const { reportFailure } = await import('./errors');
    process.exitCode = reportFailure(err, debug);
  }
}
