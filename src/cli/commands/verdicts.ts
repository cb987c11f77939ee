/** `solh verdicts`: each loss against a baseline in every universe of a sweep, then counted over universes. */
import type { CommandSpec } from '../command';
import type { Format } from '../../report/rows';
import type { At } from '../../report/query';
import type { PairedTest } from '../../report/compare';

export const verdicts: CommandSpec = {
  name: 'verdicts',
  description: 'for every universe of a sweep, each loss against a baseline (paired Δ, CI and p of the chosen test, TOST, Holm within universe and target, verdict), then per loss in how many universes it is better, worse, equivalent or undecided; collapsed comparisons (most runs predicted one class) are counted nowhere; in a universe whose settings cannot change a loss (loss.delta for BCE and SOL) that loss\'s runs are the default universe\'s, reused as baseline, and its own verdict is left out (counted once, in the default)',
  params: [
    ['results', { description: 'sweep folder (one subfolder per universe, as `solh sweep` writes) or one results folder', default: 'results/multiverse' }],
    ['baseline', { description: 'loss spec every other loss is compared with' }],
    'at', 'confidence', 'test', 'margin', 'format',
  ],
  help: `
Examples:
  $ npx solh verdicts --results results/multiverse
  $ npx solh verdicts --results results/multiverse --baseline sol:uniform --at tau --format markdown
  $ npx solh verdicts --results results/multiverse --test t --margin 0.02
  $ npx solh verdicts --results results/multiverse --format json
  [{"universe": {"training.batchSize": 32}, "target": "f1", "loss": "solh:uniform", "n": 30, "mean": 0.01, "ci": [0.002, 0.018], "pHolm": 0.03, "test": "corrected-t", "margin": 0.01, "tostPHolm": 0.6, ..., "verdict": "better"}, ...]`,
  async action(o: { results: string; baseline: string; at: At; confidence: number; test: PairedTest; margin: number; format: Format }) {
    const { readUniversesForReading, canonicalBaseline } = await import('../records');
    const { renderVerdicts, verdictRows } = await import('../../report/verdicts');
    const { SolhError } = await import('../../errors');
    const { at, confidence, test, margin } = o;
    const universes = readUniversesForReading(o.results);
    const baseline = canonicalBaseline(o.baseline, universes[0].records);
    const missing: string[] = [];
    const rows = verdictRows(universes, { baseline, at, confidence, test, margin, onNoBaseline: (u) => missing.push(u) });
    // Not one universe has it: the error compare gives, with the losses there are.
    if (missing.length === universes.length) verdictRows(universes.slice(0, 1), { baseline, at, confidence, test, margin });
    if (missing.length) process.stderr.write(`note: left out ${missing.length} universe${missing.length > 1 ? 's' : ''} without finished ${baseline} runs: ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}\n`);
    if (rows.length === 0) throw new SolhError(`no losses trained for a target in ${o.results}: only baseline runs were found`);
    process.stdout.write(`${renderVerdicts(rows, o.format, confidence)}\n`);
  },
};
