import { Command } from 'commander';
import { readStore } from '../experiment/store';
import { renderTables } from '../report/table';
import { checkFormat } from '../report/rows';
import { SolhError } from '../errors';
import { join } from 'node:path';

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
      const store = readStore(o.results);
      for (const c of store.corrupted) process.stderr.write(`solh: warning: skipping corrupted record ${join(o.results, c.file)}: ${c.reason}\n`);
      if (store.records.length === 0) throw new SolhError(`no records in ${o.results}: run \`solh run --out ${o.results}\` first`);
      const { text, rows } = renderTables(store.records, { targets: o.target ? [o.target] : undefined, format, comparePaper: o.compare === 'paper' });
      if (rows.length === 0) throw new SolhError(`no records for target "${o.target}" in ${o.results}`);
      process.stdout.write(`${text}\n`);
      if (store.corrupted.length) process.exitCode = 1;
    });
}
