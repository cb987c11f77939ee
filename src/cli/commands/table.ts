/** `solh table`: the paper's table layout from a results folder. */
import type { CommandSpec } from '../command';
import type { Format } from '../../report/rows';

export const table: CommandSpec = {
  name: 'table',
  description: 'print the paper\'s table layout from a results folder: mean ± sd over seeds per loss, optionally beside the paper\'s numbers',
  params: ['results', ['target', { description: 'target score (default: every target found)', default: undefined }], 'format', 'compare'],
  help: `
Examples:
  $ npx solh table --results results/paper --compare paper
  $ npx solh table --results results/paper --target f1 --format json`,
  async action(o: { results: string; target?: string; format: Format; compare?: 'paper' }) {
    const { readRecordsForReading } = await import('../records');
    const { renderTables } = await import('../../report/table');
    const { checkTargets, tableTargets } = await import('../../report/query');
    const { SolhError } = await import('../../errors');
    const records = readRecordsForReading(o.results);
    if (o.target !== undefined) checkTargets([o.target], tableTargets(records));
    const { text, rows, notes } = renderTables(records, { targets: o.target ? [o.target] : undefined, format: o.format, comparePaper: o.compare === 'paper' });
    if (rows.length === 0) throw new SolhError(`no records for target "${o.target}" in ${o.results}: choose another --target, or leave it out to show every target`);
    for (const n of notes) process.stderr.write(`note: ${n}\n`);
    process.stdout.write(`${text}\n`);
  },
};
