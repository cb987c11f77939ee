import { readRecordsForReading } from './records';
import { Command } from 'commander';
import { COMPARE_DEFAULTS, compareAllPairs, compareRecords } from '../report/compare';
import { AT, At } from '../report/query';
import { RunRecord } from '../experiment/record';
import { parseLoss } from 'solh-losses';
import { renderCompare } from '../report/compare-format';
import { checkFormat } from '../report/rows';
import { MARGIN_HELP, TEST_HELP, parseCount, parseMargin, parseNumber, parsePairedTest } from './parse';
import { SolhError } from '../errors';

export function compareCommand(): Command {
  return new Command('compare')
    .description('for every loss, the paired difference to a baseline over seeds: mean, confidence intervals, corrected resampled t, paired t and Wilcoxon tests, TOST equivalence, Holm correction, and a verdict (better, worse, equivalent, undecided)')
    .option('--results <dir>', 'results folder', 'results/paper')
    .option('--baseline <loss>', 'loss spec every other loss is compared with (any loss, e.g. sol:uniform)', 'bce')
    .option('--all-pairs', 'compare every pair of losses (later − earlier in the paper\'s order), Holm over all pairs of a table')
    .option('--target <t>', 'compare the losses trained for this target (default: every target found)')
    .option('--score <s>', 'test score compared (default: the target)')
    .option('--at <threshold>', '"0.5": the score at threshold 0.5; "tau": at each run\'s τ* chosen on the training set', COMPARE_DEFAULTS.at)
    .option('--confidence <c>', 'level of the intervals; verdicts test at 1 − c', String(COMPARE_DEFAULTS.confidence))
    .option('--test <t>', TEST_HELP, COMPARE_DEFAULTS.test)
    .option('--margin <m>', MARGIN_HELP, String(COMPARE_DEFAULTS.margin))
    .option('--bootstrap <n>', `bootstrap resamples of the seeds (interval shown when n ≥ ${COMPARE_DEFAULTS.minBootstrapPairs} pairs)`, String(COMPARE_DEFAULTS.bootstrap))
    .option('--format <f>', 'text, markdown, csv or json', 'text')
    .addHelpText('after', `
Example:
  $ npx solh compare --results results/paper --baseline bce --target f1
  $ npx solh compare --results results/paper --target accuracy --at tau --format markdown
  $ npx solh compare --results results/paper --target f1 --score mcc --format csv
  $ npx solh compare --results results/paper --target f1 --baseline sol:uniform
  $ npx solh compare --results results/paper --target f1 --all-pairs
  $ npx solh compare --results results/paper-30 --target accuracy --test t --margin 0.02`)
    .action((o) => {
      const format = checkFormat(o.format);
      if (!(AT as readonly string[]).includes(o.at)) throw new SolhError(`--at "${o.at}": choose one of ${AT.join(', ')}`);
      const confidence = parseNumber(o.confidence, '--confidence');
      if (!(confidence > 0 && confidence < 1)) throw new SolhError(`--confidence ${o.confidence}: must lie strictly between 0 and 1, e.g. 0.95`);
      const bootstrap = parseCount(o.bootstrap, '--bootstrap', 1);
      const test = parsePairedTest(o.test);
      const margin = parseMargin(o.margin);
      const records = readRecordsForReading(o.results);
      if (o.allPairs && o.baseline !== 'bce') throw new SolhError('--all-pairs compares every pair of losses: leave out --baseline');
      const options = { ...COMPARE_DEFAULTS, baseline: canonicalBaseline(o.baseline, records), targets: o.target ? [o.target] : undefined, score: o.score, at: o.at as At, confidence, bootstrap, test, margin };
      const tables = o.allPairs ? compareAllPairs(records, options) : compareRecords(records, options);
      if (tables.length === 0) throw new SolhError(`no losses trained for a target in ${o.results}: only baseline runs were found`);
      process.stdout.write(`${renderCompare(tables, { format, ...options })}\n`);
    });
}

/**
 * A baseline as the records spell it ('SOL:Uniform' → 'sol:uniform'), with the records' δ; text that
 * is no loss spec is passed on as given, to be refused with the list of losses the records hold.
 */
export function canonicalBaseline(spec: string, records: RunRecord[]): string {
  try {
    return parseLoss(spec, records[0]?.protocol?.loss?.delta ?? 0.1).spec;
  } catch {
    return spec;
  }
}
