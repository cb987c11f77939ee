/** `solh compare`: every loss against a baseline over seeds, with tests and verdicts. */
import { readRecordsForReading, canonicalBaseline } from '../records';
import { COMPARE_DEFAULTS, compareAllPairs, compareRecords } from '../../report/compare';
import { renderCompare } from '../../report/compare-format';
import { SolhError } from '../../errors';
import type { Format } from '../../report/rows';
import type { At } from '../../report/query';
import type { PairedTest } from '../../report/compare';

export async function compare(o: { results: string; baseline: string; allPairs?: boolean; target?: string; score?: string; at: At; confidence: number; test: PairedTest; margin: number; bootstrap: number; format: Format }): Promise<void> {
  const records = readRecordsForReading(o.results);
  if (o.allPairs && o.baseline !== 'bce') throw new SolhError('--all-pairs compares every pair of losses: leave out --baseline');
  const { at, confidence, bootstrap, test, margin } = o;
  const options = { ...COMPARE_DEFAULTS, baseline: canonicalBaseline(o.baseline, records), targets: o.target ? [o.target] : undefined, score: o.score, at, confidence, bootstrap, test, margin };
  const tables = o.allPairs ? compareAllPairs(records, options) : compareRecords(records, options);
  if (tables.length === 0) throw new SolhError(`no losses trained for a target in ${o.results}: only baseline runs were found`);
  process.stdout.write(`${renderCompare(tables, { format: o.format, ...options })}\n`);
}
