/** `solh report`: the whole results folder as one self-contained HTML page. */
import { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { makeFolder } from '../experiment/folders';
import { dirname } from 'node:path';
import { packageVersions } from '../experiment/package-info';
import { SolhError } from '../errors';
import { isScoreLoss } from 'solh-losses';
import { checkBaseline } from '../report/compare';
import { curveSeries, DEFAULT_OUT, loadFigureModule, loadRecords, printPaths } from './figure-output';

export function reportCommand(): Command {
  return new Command('report')
    .description('one self-contained HTML page (no server, no network) with the tables, the comparison with the baseline and every figure')
    .option('--results <dir>', 'results folder', 'results/paper')
    .option('--out <file>', 'HTML file written', `${DEFAULT_OUT}/report.html`)
    .option('--baseline <loss>', 'loss every other is compared with', 'bce')
    .option('--backend <b>', 'backend for the E(p) curves: auto, wasm, cpu or node', 'auto')
    .addHelpText('after', `
Example:
  $ npx solh report --results results/paper --out /tmp/report.html
  /tmp/report.html`)
    .action(async (o, cmd: Command) => {
      // First, so that an output path that cannot be made fails before the page is built.
      makeFolder(dirname(o.out), (code) => `cannot write ${o.out} (${code}): choose another file with --out`);
      const { buildReport } = await loadFigureModule(() => import('../report/html'));
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
    });
}
