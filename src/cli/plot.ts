/** `solh plot <figure>`: draws one kind of figure to SVG (and PNG on request) files and prints their paths. */
import { Command } from 'commander';
import { parseLossList } from './parse';
import { loadConfig, CLI_DELTA_FIX } from '../experiment/config';
import { checkDelta } from 'solh-losses';
import { isScoreLoss } from 'solh-losses';
import { buildRows } from '../report/table';
import { PAPER_ORDER, AT, At } from '../report/query';
import { verdictRows } from '../report/verdicts';
import { readUniversesForReading } from './records';
import { canonicalBaseline } from './compare';
import { Band, BANDS, learningSeries, MINMAX_MAX_SEEDS, seedsOf, thresholdSeries } from '../report/figures/data';
import { SolhError } from '../errors';
import { benchSectionsFromFlags } from './bench-report';
import { DEFAULT_BENCH_OUT } from './bench';
import { resolveConfigPath } from './settings';
import { MARGIN_HELP, TEST_HELP, parseCount, parseMargin, parseNumber, parsePairedTest } from './parse';
import { COMPARE_DEFAULTS } from '../report/compare';
import { curveSeries, DEFAULT_OUT, loadFigureModule, loadRecords, printPaths, requireFullRecords, targetsFor, writeFigures } from './figure-output';

/** Options every subcommand has. */
function figureCommand(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .option('--out <dir>', 'folder the files are written to', DEFAULT_OUT)
    .option('--png', 'also write a PNG beside each SVG');
}

function withResults(c: Command): Command {
  return c
    .option('--results <dir>', 'results folder', 'results/paper')
    .option('--target <t>', 'target score (default: one figure per target found)');
}

function curvesCommand(): Command {
  return figureCommand('curves', 'the expected soft step E(p) of each loss, p on [0, 1]')
    .option('--config <file>', 'config whose grid losses and δ are drawn', 'configs/paper.json')
    .option('--losses <list>', 'comma-separated loss specs instead of the config\'s (BCE has no soft step and is skipped)')
    .option('--delta <d>', 'slope δ of the linear step (default: the config\'s)')
    .option('--backend <b>', 'auto, wasm, cpu or node', 'auto')
    .addHelpText('after', `
Example:
  $ npx solh plot curves --out /tmp/figures
  /tmp/figures/curves.svg
  $ npx solh plot curves --losses "solh:uniform,sol:cosine(0.5,0.1),soft-set" --delta 0.2 --png`)
    .action(async (o) => {
      const config = loadConfig(resolveConfigPath(o.config));
      const delta = o.delta === undefined ? config.loss.delta : parseNumber(o.delta, '--delta');
      checkDelta(delta, CLI_DELTA_FIX);
      const losses = o.losses !== undefined
        ? parseLossList(String(o.losses))
        : config.grid.losses.filter((l) => isScoreLoss(l));
      const { curvesFigure } = await loadFigureModule(() => import('../report/figures/curves'));
      const series = await curveSeries(losses, delta, o.backend);
      printPaths(writeFigures(o.out, [{ name: 'curves', svg: curvesFigure(series, { delta }) }], Boolean(o.png)));
    });
}

function thresholdsCommand(): Command {
  return withResults(figureCommand('thresholds', 'test score against decision threshold per loss: mean and band over seeds, mean τ* marked'))
    .option('--band <b>', `band around the mean: minmax, sd (± 1 sd) or auto (min–max up to ${MINMAX_MAX_SEEDS} seeds, else sd)`, 'auto')
    .addHelpText('after', `
Example:
  $ npx solh plot thresholds --results results/paper --target f1 --out /tmp/figures
  /tmp/figures/thresholds-f1.svg`)
    .action(async (o) => {
      const { thresholdsFigure } = await loadFigureModule(() => import('../report/figures/thresholds'));
      if (!(BANDS as string[]).includes(o.band)) throw new SolhError(`--band "${o.band}": choose one of ${BANDS.join(', ')}`);
      const records = loadRecords(o.results);
      requireFullRecords(records, o.results, 'plot thresholds');
      const figures = targetsFor(records, o.target, o.results).map((target) => ({
        name: `thresholds-${target}`,
        svg: thresholdsFigure(thresholdSeries(records, target), { target, band: o.band as Band }),
      }));
      printPaths(writeFigures(o.out, figures, Boolean(o.png)));
    });
}

function learningCommand(): Command {
  return withResults(figureCommand('learning', 'train and validation loss per epoch, one panel per loss, best epoch (early stopping) marked'))
    .option('--seed <s>', 'seed whose runs are drawn (default: the smallest)')
    .addHelpText('after', `
Example:
  $ npx solh plot learning --results results/paper --target accuracy --seed 1 --out /tmp/figures
  /tmp/figures/learning-accuracy-seed1.svg`)
    .action(async (o) => {
      const { learningFigure } = await loadFigureModule(() => import('../report/figures/learning'));
      const records = loadRecords(o.results);
      requireFullRecords(records, o.results, 'plot learning');
      const figures = targetsFor(records, o.target, o.results).map((target) => {
        const seeds = seedsOf(records, target);
        const seed = o.seed === undefined ? seeds[0] : parseCount(o.seed, '--seed');
        if (!seeds.includes(seed)) throw new SolhError(`no runs with seed ${seed} for target ${target} in ${o.results}: seeds found are ${seeds.join(', ')}`);
        return { name: `learning-${target}-seed${seed}`, svg: learningFigure(learningSeries(records, target, seed), { target, seed }) };
      });
      printPaths(writeFigures(o.out, figures, Boolean(o.png)));
    });
}

function tableCommand(): Command {
  return withResults(figureCommand('table', 'the results table as points with error bars (mean ± sd over seeds), the paper\'s values marked'))
    .addHelpText('after', `
Example:
  $ npx solh plot table --results results/paper --target f1 --out /tmp/figures --png
  /tmp/figures/table-f1.svg
  /tmp/figures/table-f1.png`)
    .action(async (o) => {
      const { tablePointsFigure } = await loadFigureModule(() => import('../report/figures/table-points'));
      const records = loadRecords(o.results);
      const figures = targetsFor(records, o.target, o.results).map((target) => ({
        name: `table-${target}`,
        svg: tablePointsFigure(buildRows(records, target, PAPER_ORDER), { target }),
      }));
      printPaths(writeFigures(o.out, figures, Boolean(o.png)));
    });
}

function verdictsCommand(): Command {
  return figureCommand('verdicts', 'forest plot of a sweep: per target, one panel per loss family, each universe\'s paired Δ against the baseline with the interval of --test (corrected t by default)')
    .option('--results <dir>', 'sweep folder (one subfolder per universe)', 'results/multiverse')
    .option('--target <t>', 'target score (default: one figure per target found)')
    .option('--baseline <loss>', 'loss spec the others are compared with', 'bce')
    .option('--at <threshold>', '"0.5" or "tau"', '0.5')
    .option('--test <t>', TEST_HELP, COMPARE_DEFAULTS.test)
    .option('--margin <m>', MARGIN_HELP, String(COMPARE_DEFAULTS.margin))
    .addHelpText('after', `
Example:
  $ npx solh plot verdicts --results results/multiverse --out /tmp/figures --test corrected-t
  /tmp/figures/verdicts-accuracy.svg
  /tmp/figures/verdicts-f1.svg`)
    .action(async (o) => {
      const { verdictsFigure } = await loadFigureModule(() => import('../report/figures/verdicts'));
      if (!(AT as readonly string[]).includes(o.at)) throw new SolhError(`--at "${o.at}": choose one of ${AT.join(', ')}`);
      const universes = readUniversesForReading(o.results);
      const test = parsePairedTest(o.test);
      const margin = parseMargin(o.margin);
      const rows = verdictRows(universes, { baseline: canonicalBaseline(o.baseline, universes[0].records), at: o.at as At, confidence: 0.95, test, margin });
      const all = [...new Set(rows.map((r) => r.target))];
      if (o.target !== undefined && !all.includes(o.target)) throw new SolhError(`no runs for target "${o.target}" in ${o.results}: targets found are ${all.join(', ') || 'none'}`);
      const figures = (o.target === undefined ? all : [o.target]).map((target) => ({ name: `verdicts-${target}`, svg: verdictsFigure(rows, { target }) }));
      printPaths(writeFigures(o.out, figures, Boolean(o.png)));
    });
}

function cdCommand(): Command {
  return figureCommand('cd', 'critical-difference diagram of a benchmark folder (solh bench): average ranks over data sets, Nemenyi CD, one figure per target and threshold')
    .option('--results <dir>', 'benchmark folder (one subfolder per task)', DEFAULT_BENCH_OUT)
    .option('--target <t>', 'targets, a comma list (default: every target found)')
    .option('--at <threshold>', '"0.5", "tau" or "both"', 'both')
    .option('--baseline <loss>', 'loss the Wilcoxon and Bayesian tests compare with (not drawn)', 'bce')
    .option('--alpha <a>', 'level of the Nemenyi critical difference', '0.05')
    .addHelpText('after', `
Example:
  $ npx solh plot cd --results results/benchmark --target f1 --out /tmp/figures
  /tmp/figures/cd-f1-0.5.svg
  /tmp/figures/cd-f1-tau.svg`)
    .action(async (o) => {
      const { cdFigure } = await loadFigureModule(() => import('../report/figures/cd'));
      if (![...AT, 'both'].includes(o.at)) throw new SolhError(`--at "${o.at}": choose one of ${[...AT, 'both'].join(', ')}`);
      // The Bayesian test is not drawn: one draw keeps this fast.
      const { sections } = benchSectionsFromFlags({ ...o, rope: '0.01', samples: '1' });
      const refused = sections.find((s) => 'refused' in s.across);
      if (refused && 'refused' in refused.across) throw new SolhError(refused.across.refused);
      const figures = sections
        .filter((s) => o.at === 'both' || s.at === o.at)
        .map((s) => ({ name: `cd-${s.target}-${s.at}`, svg: cdFigure(s as Parameters<typeof cdFigure>[0]) }));
      printPaths(writeFigures(o.out, figures, Boolean(o.png)));
    });
}

export function plotCommand(): Command {
  return new Command('plot')
    .description('draw figures as SVG files (PNG with --png): curves, thresholds, learning, table, verdicts, cd')
    .addCommand(curvesCommand())
    .addCommand(thresholdsCommand())
    .addCommand(learningCommand())
    .addCommand(tableCommand())
    .addCommand(verdictsCommand())
    .addCommand(cdCommand())
    .addHelpText('after', `
Example:
  $ npx solh plot thresholds --results results/paper --out /tmp/figures
  $ npx solh plot curves --png
  (each figure command prints the paths it wrote; see \`solh plot <figure> --help\`)`);
}
