/** `solh plot <figure>`: draws one kind of figure to SVG (and PNG on request) files and prints their paths. */
import type { CommandSpec } from '../command';
import { AT_CHOICES, DEFAULT_BENCH_OUT, DEFAULT_FIGURES_OUT, ParamUse } from '../params';
import type { At } from '../../report/query';
import type { PairedTest } from '../../report/compare';
import type { Band } from '../../report/figures/data';

/** Params every figure has. */
const FIGURE: ParamUse[] = [['out', { description: 'folder the files are written to', default: DEFAULT_FIGURES_OUT }], 'png'];
/** Params of the figures drawn from one results folder. */
const RESULTS: ParamUse[] = ['results', ['target', { description: 'target score (default: one figure per target found)', default: undefined }]];

interface FigureFlags {
  out: string;
  png?: boolean;
  results: string;
  target?: string;
}

const curves: CommandSpec = {
  name: 'curves',
  description: 'the expected soft step E(p) of each loss, p on [0, 1]',
  params: [
    ...FIGURE,
    ['config', { description: 'config whose grid losses and δ are drawn' }],
    ['losses', { description: 'comma-separated loss specs instead of the config\'s (BCE has no soft step and is skipped)' }],
    ['delta', { description: 'slope δ of the linear step (default: the config\'s)' }],
    ['backend', { description: 'backend for the E(p) curves' }],
  ],
  help: `
Example:
  $ npx solh plot curves --out /tmp/figures
  /tmp/figures/curves.svg
  $ npx solh plot curves --losses "solh:uniform,sol:cosine(0.5,0.1),soft-set" --delta 0.2 --png`,
  async action(o: FigureFlags & { config: string; losses?: string[]; delta?: number; backend: string }) {
    const { resolveConfigPath } = await import('../settings');
    const { loadConfig, CLI_DELTA_FIX } = await import('../../experiment/config');
    const lib: typeof import('solh-losses') = await import('solh-losses');
    const { curveSeries, loadFigureModule, printPaths, writeFigures } = await import('../figure-output');
    const config = loadConfig(resolveConfigPath(o.config));
    const delta = o.delta ?? config.loss.delta;
    lib.checkDelta(delta, CLI_DELTA_FIX);
    const losses = o.losses ?? config.grid.losses.filter((l) => lib.isScoreLoss(l));
    const { curvesFigure } = await loadFigureModule(() => import('../../report/figures/curves'));
    const series = await curveSeries(losses, delta, o.backend);
    printPaths(writeFigures(o.out, [{ name: 'curves', svg: curvesFigure(series, { delta }) }], Boolean(o.png)));
  },
};

const thresholds: CommandSpec = {
  name: 'thresholds',
  description: 'test score against decision threshold per loss: mean and band over seeds, mean τ* marked',
  params: [...FIGURE, ...RESULTS, 'band'],
  help: `
Example:
  $ npx solh plot thresholds --results results/paper --target f1 --out /tmp/figures
  /tmp/figures/thresholds-f1.svg`,
  async action(o: FigureFlags & { band: Band }) {
    const { thresholdSeries } = await import('../../report/figures/data');
    const { loadFigureModule, loadRecords, printPaths, requireFullRecords, targetsFor, writeFigures } = await import('../figure-output');
    const { thresholdsFigure } = await loadFigureModule(() => import('../../report/figures/thresholds'));
    const records = loadRecords(o.results);
    requireFullRecords(records, o.results, 'plot thresholds');
    const figures = targetsFor(records, o.target, o.results).map((target) => ({
      name: `thresholds-${target}`,
      svg: thresholdsFigure(thresholdSeries(records, target), { target, band: o.band }),
    }));
    printPaths(writeFigures(o.out, figures, Boolean(o.png)));
  },
};

const learning: CommandSpec = {
  name: 'learning',
  description: 'train and validation loss per epoch, one panel per loss, best epoch (early stopping) marked',
  params: [...FIGURE, ...RESULTS, 'seed'],
  help: `
Example:
  $ npx solh plot learning --results results/paper --target accuracy --seed 1 --out /tmp/figures
  /tmp/figures/learning-accuracy-seed1.svg`,
  async action(o: FigureFlags & { seed?: number }) {
    const { learningSeries, seedsOf } = await import('../../report/figures/data');
    const { loadFigureModule, loadRecords, printPaths, requireFullRecords, targetsFor, writeFigures } = await import('../figure-output');
    const { SolhError } = await import('../../errors');
    const { learningFigure } = await loadFigureModule(() => import('../../report/figures/learning'));
    const records = loadRecords(o.results);
    requireFullRecords(records, o.results, 'plot learning');
    const figures = targetsFor(records, o.target, o.results).map((target) => {
      const seeds = seedsOf(records, target);
      const seed = o.seed ?? seeds[0];
      if (!seeds.includes(seed)) throw new SolhError(`no runs with seed ${seed} for target ${target} in ${o.results}: seeds found are ${seeds.join(', ')}`);
      return { name: `learning-${target}-seed${seed}`, svg: learningFigure(learningSeries(records, target, seed), { target, seed }) };
    });
    printPaths(writeFigures(o.out, figures, Boolean(o.png)));
  },
};

const tablePoints: CommandSpec = {
  name: 'table',
  description: 'the results table as points with error bars (mean ± sd over seeds), the paper\'s values marked',
  params: [...FIGURE, ...RESULTS],
  help: `
Example:
  $ npx solh plot table --results results/paper --target f1 --out /tmp/figures --png
  /tmp/figures/table-f1.svg
  /tmp/figures/table-f1.png`,
  async action(o: FigureFlags) {
    const { buildRows } = await import('../../report/table');
    const { PAPER_ORDER } = await import('../../report/query');
    const { loadFigureModule, loadRecords, printPaths, targetsFor, writeFigures } = await import('../figure-output');
    const { tablePointsFigure } = await loadFigureModule(() => import('../../report/figures/table-points'));
    const records = loadRecords(o.results);
    const figures = targetsFor(records, o.target, o.results).map((target) => ({
      name: `table-${target}`,
      svg: tablePointsFigure(buildRows(records, target, PAPER_ORDER), { target }),
    }));
    printPaths(writeFigures(o.out, figures, Boolean(o.png)));
  },
};

const verdicts: CommandSpec = {
  name: 'verdicts',
  description: 'forest plot of a sweep: per target, one panel per loss family, each universe\'s paired Δ against the baseline with the interval of --test (corrected t by default)',
  params: [
    ...FIGURE,
    ['results', { description: 'sweep folder (one subfolder per universe)', default: 'results/multiverse' }],
    RESULTS[1],
    ['baseline', { description: 'loss spec the others are compared with' }],
    'at', 'test', 'margin',
  ],
  help: `
Example:
  $ npx solh plot verdicts --results results/multiverse --out /tmp/figures --test corrected-t
  /tmp/figures/verdicts-accuracy.svg
  /tmp/figures/verdicts-f1.svg`,
  async action(o: FigureFlags & { baseline: string; at: At; test: PairedTest; margin: number }) {
    const { verdictRows } = await import('../../report/verdicts');
    const { readUniversesForReading, canonicalBaseline } = await import('../records');
    const { loadFigureModule, printPaths, writeFigures } = await import('../figure-output');
    const { SolhError } = await import('../../errors');
    const { verdictsFigure } = await loadFigureModule(() => import('../../report/figures/verdicts'));
    const universes = readUniversesForReading(o.results);
    const rows = verdictRows(universes, { baseline: canonicalBaseline(o.baseline, universes[0].records), at: o.at, confidence: 0.95, test: o.test, margin: o.margin });
    const all = [...new Set(rows.map((r) => r.target))];
    if (o.target !== undefined && !all.includes(o.target)) throw new SolhError(`no runs for target "${o.target}" in ${o.results}: targets found are ${all.join(', ') || 'none'}`);
    const figures = (o.target === undefined ? all : [o.target]).map((target) => ({ name: `verdicts-${target}`, svg: verdictsFigure(rows, { target }) }));
    printPaths(writeFigures(o.out, figures, Boolean(o.png)));
  },
};

const cd: CommandSpec = {
  name: 'cd',
  description: 'critical-difference diagram of a benchmark folder (solh bench): average ranks over data sets, Nemenyi CD, one figure per target and threshold',
  params: [
    ...FIGURE,
    ['results', { description: 'benchmark folder (one subfolder per task)', default: DEFAULT_BENCH_OUT }],
    ['target', { description: 'targets, a comma list (default: every target found)', default: undefined }],
    ['at', { description: '"0.5", "tau" or "both"', choices: [...AT_CHOICES, 'both'], default: 'both' }],
    ['baseline', { description: 'loss the Wilcoxon and Bayesian tests compare with (not drawn)' }],
    'alpha',
  ],
  help: `
Example:
  $ npx solh plot cd --results results/benchmark --target f1 --out /tmp/figures
  /tmp/figures/cd-f1-0.5.svg
  /tmp/figures/cd-f1-tau.svg`,
  async action(o: FigureFlags & { at: At | 'both'; baseline: string; alpha: number }) {
    const { benchSectionsOf } = await import('../records');
    const { loadFigureModule, printPaths, writeFigures } = await import('../figure-output');
    const { SolhError } = await import('../../errors');
    const { cdFigure } = await loadFigureModule(() => import('../../report/figures/cd'));
    // The Bayesian test is not drawn: one draw keeps this fast.
    const sections = benchSectionsOf({ ...o, rope: 0.01, samples: 1 });
    const refused = sections.find((s) => 'refused' in s.across);
    if (refused && 'refused' in refused.across) throw new SolhError(refused.across.refused);
    const figures = sections
      .filter((s) => o.at === 'both' || s.at === o.at)
      .map((s) => ({ name: `cd-${s.target}-${s.at}`, svg: cdFigure(s as Parameters<typeof cdFigure>[0]) }));
    printPaths(writeFigures(o.out, figures, Boolean(o.png)));
  },
};

export const plot: CommandSpec = {
  name: 'plot',
  description: 'draw figures as SVG files (PNG with --png): curves, thresholds, learning, table, verdicts, cd',
  subcommands: [curves, thresholds, learning, tablePoints, verdicts, cd],
  help: `
Example:
  $ npx solh plot thresholds --results results/paper --out /tmp/figures
  $ npx solh plot curves --png
  (each figure command prints the paths it wrote; see \`solh plot <figure> --help\`)`,
};
