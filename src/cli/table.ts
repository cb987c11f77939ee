import { readRecordsForReading } from './records';
import { Command } from 'commander';
import { renderTables } from '../report/table';
import { checkTargets, tableTargets } from '../report/query';
import { checkFormat } from '../report/rows';
import { SolhError } from '../errors';

export function tableCommand(): Command {
  return new Command('table')
    .description('print the paper\'s table layout from a results folder: mean ± sd over seeds per loss, optionally beside the paper\'s numbers')
    .option('--results <dir>', 'results folder', 'results/paper')
    .option('--target <t>', 'target score (default: every target found)')
    .option('--format <f>', 'text, markdown, csv or json', 'text')
    .option('--compare <what>', '"paper": show the paper\'s printed value and the difference beside each of ours')
    .addHelpText('after', `
Examples:
  $ npx solh table --results results/paper --compare paper
  $ npx solh table --results results/paper --target f1 --format json`)
    .action((o) => {
      const format = checkFormat(o.format);
      if (o.compare !== undefined && o.compare !== 'paper') throw new SolhError(`--compare "${o.compare}": only "paper" is known`);
      const records = readRecordsForReading(o.results);
      if (o.target !== undefined) checkTargets([o.target], tableTargets(records));
      const { text, rows, notes } = renderTables(records, { targets: o.target ? [o.target] : undefined, format, comparePaper: o.compare === 'paper' });
      if (rows.length === 0) throw new SolhError(`no records for target "${o.target}" in ${o.results}: choose another --target, or leave it out to show every target`);
      for (const n of notes) process.stderr.write(`note: ${n}\n`);
      process.stdout.write(`${text}\n`);
    });
}
