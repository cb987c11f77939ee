/** `solh report`: the whole results folder as one self-contained HTML page. */
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeFolder } from '../../experiment/folders';
import { packageVersions } from '../../experiment/package-info';
import { isScoreLoss } from 'solh-losses/core';
import { checkBaseline } from '../../report/compare';
import { curveSeries, loadFigureModule, loadRecords, printPaths } from '../figure-output';
import { SolhError } from '../../errors';
import type { Command } from 'commander';

export async function report(o: { results: string; out: string; baseline: string; backend: string }, cmd: Command): Promise<void> {
  // First, so that an output path that cannot be made fails before the page is built.
  makeFolder(dirname(o.out), (code) => `cannot write ${o.out} (${code}): choose another file with --out`);
  const { buildReport } = await loadFigureModule(() => import('../../report/html'));
  const records = loadRecords(o.results);
  // A baseline named by the user must exist; the default one may be absent (the page says so).
  if (cmd.getOptionValueSource('baseline') === 'cli') checkBaseline(records, o.baseline);
  const losses = [...new Set(records.map((r) => r.key.loss))].filter((l) => isScoreLoss(l));
  const delta = records[0].protocol.loss.delta;
  const curves = losses.length ? { series: await curveSeries(losses, delta, o.backend), delta } : null;
  const { html } = buildReport(records, { resultsDir: o.results, version: packageVersions().solh, curves, baseline: o.baseline });
  try {
    writeFileSync(o.out, html);
  } catch (e) {
    throw new SolhError(`cannot write ${o.out} (${(e as NodeJS.ErrnoException).code ?? 'error'}): choose another file with --out`);
  }
  printPaths([o.out]);
}
