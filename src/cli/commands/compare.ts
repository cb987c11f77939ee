/** `solh compare`: every loss against a baseline over seeds, with tests and verdicts. */
import type { CommandSpec } from '../command';
import type { Format } from '../../report/rows';
import type { At } from '../../report/query';
import type { PairedTest } from '../../report/compare';

export const compare: CommandSpec = {
  name: 'compare',
  description: 'for every loss, the paired difference to a baseline over seeds: mean, confidence intervals, corrected resampled t, paired t and Wilcoxon tests, TOST equivalence, Holm correction, and a verdict (better, worse, equivalent, undecided)',
  params: [
    'results', 'baseline', 'allPairs',
    ['target', { description: 'compare the losses trained for this target (default: every target found)', default: undefined }],
    'score', 'at', 'confidence', 'test', 'margin', 'bootstrap', 'format',
  ],
  help: `
Example:
  $ npx solh compare --results results/paper --baseline bce --target f1
  $ npx solh compare --results results/paper --target accuracy --at tau --format markdown
  $ npx solh compare --results results/paper --target f1 --score mcc --format csv
  $ npx solh compare --results results/paper --target f1 --baseline sol:uniform
  $ npx solh compare --results results/paper --target f1 --all-pairs
  $ npx solh compare --results results/paper-30 --target accuracy --test t --margin 0.02`,
  async action(o: { results: string; baseline: string; allPairs?: boolean; target?: string; score?: string; at: At; confidence: number; test: PairedTest; margin: number; bootstrap: number; format: Format }) {
    const { readRecordsForReading, canonicalBaseline } = await import('../records');
    const { COMPARE_DEFAULTS, compareAllPairs, compareRecords } = await import('../../report/compare');
    const { renderCompare } = await import('../../report/compare-format');
    const { SolhError } = await import('../../errors');
    const records = readRecordsForReading(o.results);
    if (o.allPairs && o.baseline !== 'bce') throw new SolhError('--all-pairs compares every pair of losses: leave out --baseline');
    const { at, confidence, bootstrap, test, margin } = o;
    const options = { ...COMPARE_DEFAULTS, baseline: canonicalBaseline(o.baseline, records), targets: o.target ? [o.target] : undefined, score: o.score, at, confidence, bootstrap, test, margin };
    const tables = o.allPairs ? compareAllPairs(records, options) : compareRecords(records, options);
    if (tables.length === 0) throw new SolhError(`no losses trained for a target in ${o.results}: only baseline runs were found`);
    process.stdout.write(`${renderCompare(tables, { format: o.format, ...options })}\n`);
  },
};
