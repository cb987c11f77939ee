/** `solh table`: the paper's table layout from a results folder. */
import { readRecordsForReading } from '../records';
import { renderTables } from '../../report/table';
import { checkTargets, tableTargets } from '../../report/query';
import { SolhError } from '../../errors';
import type { Format } from '../../report/rows';

export async function table(o: { results: string; target?: string; format: Format; compare?: 'paper' }): Promise<void> {
  const records = readRecordsForReading(o.results);
  if (o.target !== undefined) checkTargets([o.target], tableTargets(records));
  const { text, rows, notes } = renderTables(records, { targets: o.target ? [o.target] : undefined, format: o.format, comparePaper: o.compare === 'paper' });
  if (rows.length === 0) throw new SolhError(`no records for target "${o.target}" in ${o.results}: choose another --target, or leave it out to show every target`);
  for (const n of notes) process.stderr.write(`note: ${n}\n`);
  process.stdout.write(`${text}\n`);
}
