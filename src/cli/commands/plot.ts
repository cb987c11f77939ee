/** `solh plot <figure>`: draws one kind of figure to SVG (and PNG on request) files and prints their paths. */
import { checkDelta, isScoreLoss } from 'solh-losses/core';
import { resolveConfigPath } from '../settings';
import { loadConfig } from '../../experiment/config';
import { CLI_DELTA_FIX } from '../params';
import { curveSeries, loadFigureModule, loadRecords, printPaths, requireFullRecords, targetsFor, writeFigures } from '../figure-output';
import { learningSeries, seedsOf, thresholdSeries } from '../../report/figures/data';
import { SolhError } from '../../errors';
import { buildRows } from '../../report/table';
import { PAPER_ORDER } from '../../report/query';
import { verdictRows } from '../../report/verdicts';
import { benchSectionsOf, canonicalBaseline, readUniversesForReading } from '../records';
import type { At } from '../../report/query';
import type { PairedTest } from '../../report/compare';
import type { Band } from '../../report/figures/data';

interface FigureFlags {
  out: string;
  png?: boolean;
  results: string;
  target?: string;
}

export async function curves(o: FigureFlags & { config: string; losses?: string[]; delta?: number; backend: string }): Promise<void> {
  const config = loadConfig(resolveConfigPath(o.config));
  const delta = o.delta ?? config.loss.delta;
  checkDelta(delta, CLI_DELTA_FIX);
  const losses = o.losses ?? config.grid.losses.filter((l) => isScoreLoss(l));
  const { curvesFigure } = await loadFigureModule(() => import('../../report/figures/curves'));
  const series = await curveSeries(losses, delta, o.backend);
  printPaths(writeFigures(o.out, [{ name: 'curves', svg: curvesFigure(series, { delta }) }], Boolean(o.png)));
}

export async function thresholds(o: FigureFlags & { band: Band }): Promise<void> {
  const { thresholdsFigure } = await loadFigureModule(() => import('../../report/figures/thresholds'));
  const records = loadRecords(o.results);
  requireFullRecords(records, o.results, 'plot thresholds');
  const figures = targetsFor(records, o.target, o.results).map((target) => ({
    name: `thresholds-${target}`,
    svg: thresholdsFigure(thresholdSeries(records, target), { target, band: o.band }),
  }));
  printPaths(writeFigures(o.out, figures, Boolean(o.png)));
}

export async function learning(o: FigureFlags & { seed?: number }): Promise<void> {
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
}

export async function tablePoints(o: FigureFlags): Promise<void> {
  const { tablePointsFigure } = await loadFigureModule(() => import('../../report/figures/table-points'));
  const records = loadRecords(o.results);
  const figures = targetsFor(records, o.target, o.results).map((target) => ({
    name: `table-${target}`,
    svg: tablePointsFigure(buildRows(records, target, PAPER_ORDER), { target }),
  }));
  printPaths(writeFigures(o.out, figures, Boolean(o.png)));
}

export async function verdicts(o: FigureFlags & { baseline: string; at: At; test: PairedTest; margin: number }): Promise<void> {
  const { verdictsFigure } = await loadFigureModule(() => import('../../report/figures/verdicts'));
  const universes = readUniversesForReading(o.results);
  const rows = verdictRows(universes, { baseline: canonicalBaseline(o.baseline, universes[0].records), at: o.at, confidence: 0.95, test: o.test, margin: o.margin });
  const all = [...new Set(rows.map((r) => r.target))];
  if (o.target !== undefined && !all.includes(o.target)) throw new SolhError(`no runs for target "${o.target}" in ${o.results}: targets found are ${all.join(', ') || 'none'}`);
  const figures = (o.target === undefined ? all : [o.target]).map((target) => ({ name: `verdicts-${target}`, svg: verdictsFigure(rows, { target }) }));
  printPaths(writeFigures(o.out, figures, Boolean(o.png)));
}

export async function cd(o: FigureFlags & { at: At | 'both'; baseline: string; alpha: number }): Promise<void> {
  const { cdFigure } = await loadFigureModule(() => import('../../report/figures/cd'));
  // The Bayesian test is not drawn: one draw keeps this fast.
  const sections = benchSectionsOf({ ...o, rope: 0.01, samples: 1 });
  const refused = sections.find((s) => 'refused' in s.across);
  if (refused && 'refused' in refused.across) throw new SolhError(refused.across.refused);
  const figures = sections
    .filter((s) => o.at === 'both' || s.at === o.at)
    .map((s) => ({ name: `cd-${s.target}-${s.at}`, svg: cdFigure(s as Parameters<typeof cdFigure>[0]) }));
  printPaths(writeFigures(o.out, figures, Boolean(o.png)));
}
