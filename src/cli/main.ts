/** The `solh` command line: one file per command; this one only wires them together. */
import { Command } from 'commander';
import { reportFailure, oneLineUsageErrors } from './errors';
import { curveCommand } from './curve';
import { runCommand } from './run';
import { tableCommand } from './table';
import { checkCommand } from './check';
import { mergeCommand } from './merge';
import { compareCommand } from './compare';
import { plotCommand } from './plot';
import { reportCommand } from './report';
import { sweepCommand } from './sweep';
import { benchCommand } from './bench';
import { benchReportCommand } from './bench-report';
import { verdictsCommand } from './verdicts';
import { unlockCommand } from './unlock';
import { repairCommand } from './repair';

const { version } = require('../../../package.json') as { version: string };

export function buildProgram(): Command {
  const program = new Command('solh')
    .description('score-oriented losses (SOL, SOLH, soft-set) for binary classifiers: train, reproduce Zou 2025, tabulate, plot')
    .version(version)
    .option('--debug', 'print stack traces on errors')
    .addHelpText('after', `
Examples:
  $ npx solh run --target f1          train the paper's grid for F1 and print Table 2
  $ npx solh curve --method solh --dist "cosine(0.5,0.3)" --p 0,0.25,0.5`);
  program.addCommand(runCommand());
  program.addCommand(tableCommand());
  program.addCommand(checkCommand());
  program.addCommand(mergeCommand());
  program.addCommand(sweepCommand());
  program.addCommand(benchCommand());
  program.addCommand(benchReportCommand());
  program.addCommand(compareCommand());
  program.addCommand(verdictsCommand());
  program.addCommand(curveCommand());
  program.addCommand(plotCommand());
  program.addCommand(reportCommand());
  program.addCommand(unlockCommand());
  program.addCommand(repairCommand());
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
    process.exitCode = reportFailure(err, debug);
  }
}
