import { Command } from 'commander';
import { readUniversesForReading } from './records';
import { AT, At } from '../report/query';
import { renderVerdicts, verdictRows } from '../report/verdicts';
import { checkFormat } from '../report/rows';
import { MARGIN_HELP, TEST_HELP, parseMargin, parseNumber, parsePairedTest } from './parse';
import { COMPARE_DEFAULTS } from '../report/compare';
import { canonicalBaseline } from './compare';
import { SolhError } from '../errors';

export function verdictsCommand(): Command {
  return new Command('verdicts')
    .description('for every universe of a sweep, each loss against a baseline (paired Δ, CI and p of the chosen test, TOST, Holm within universe and target, verdict), then per loss in how many universes it is better, worse, equivalent or undecided; collapsed comparisons (most runs predicted one class) are counted nowhere; in a universe whose settings cannot change a loss (loss.delta for BCE and SOL) that loss\'s runs are the default universe\'s, reused as baseline, and its own verdict is left out (counted once, in the default)')
    .option('--results <dir>', 'sweep folder (one subfolder per universe, as `solh sweep` writes) or one results folder', 'results/multiverse')
    .option('--baseline <loss>', 'loss spec every other loss is compared with', 'bce')
    .option('--at <threshold>', '"0.5": the test score at threshold 0.5; "tau": at each run\'s τ*', '0.5')
    .option('--confidence <c>', 'level of the intervals; verdicts test at 1 − c', '0.95')
    .option('--test <t>', TEST_HELP, COMPARE_DEFAULTS.test)
    .option('--margin <m>', MARGIN_HELP, String(COMPARE_DEFAULTS.margin))
    .option('--format <f>', 'text, markdown, csv or json', 'text')
    .addHelpText('after', `
Examples:
  $ npx solh verdicts --results results/multiverse
  $ npx solh verdicts --results results/multiverse --baseline sol:uniform --at tau --format markdown
  $ npx solh verdicts --results results/multiverse --test t --margin 0.02
  $ npx solh verdicts --results results/multiverse --format json
  [{"universe": {"training.batchSize": 32}, "target": "f1", "loss": "solh:uniform", "n": 30, "mean": 0.01, "ci": [0.002, 0.018], "pHolm": 0.03, "test": "corrected-t", "margin": 0.01, "tostPHolm": 0.6, ..., "verdict": "better"}, ...]`)
    .action((o) => {
      const format = checkFormat(o.format);
      if (!(AT as readonly string[]).includes(o.at)) throw new SolhError(`--at "${o.at}": choose one of ${AT.join(', ')}`);
      const confidence = parseNumber(o.confidence, '--confidence');
      if (!(confidence > 0 && confidence < 1)) throw new SolhError(`--confidence ${o.confidence}: must lie strictly between 0 and 1, e.g. 0.95`);
      const test = parsePairedTest(o.test);
      const margin = parseMargin(o.margin);
      const universes = readUniversesForReading(o.results);
      const baseline = canonicalBaseline(o.baseline, universes[0].records);
      const missing: string[] = [];
      const rows = verdictRows(universes, { baseline, at: o.at as At, confidence, test, margin, onNoBaseline: (u) => missing.push(u) });
      // Not one universe has it: the error compare gives, with the losses there are.
      if (missing.length === universes.length) verdictRows(universes.slice(0, 1), { baseline, at: o.at as At, confidence, test, margin });
      if (missing.length) process.stderr.write(`note: left out ${missing.length} universe${missing.length > 1 ? 's' : ''} without finished ${baseline} runs: ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}\n`);
      if (rows.length === 0) throw new SolhError(`no losses trained for a target in ${o.results}: only baseline runs were found`);
      process.stdout.write(`${renderVerdicts(rows, format, confidence)}\n`);
    });
}
