/** `solh report`: the whole results folder as one self-contained HTML page. */
import type { Command } from 'commander';
import type { CommandSpec } from '../command';
import { DEFAULT_FIGURES_OUT } from '../params';

export const report: CommandSpec = {
  name: 'report',
  description: 'one self-contained HTML page (no server, no network) with the tables, the comparison with the baseline and every figure',
  params: [
    'results',
    ['out', { description: 'HTML file written', default: `${DEFAULT_FIGURES_OUT}/report.html` }],
    ['baseline', { description: 'loss every other is compared with' }],
    ['backend', { description: 'backend for the E(p) curves' }],
  ],
  help: `
Example:
  $ npx solh report --results results/paper --out /tmp/report.html
  /tmp/report.html`,
  async action(o: { results: string; out: string; baseline: string; backend: string }, cmd: Command) {
    const { writeFileSync } = await import('node:fs');
    const { dirname } = await import('node:path');
    const { makeFolder } = await import('../../experiment/folders');
    const { packageVersions } = await import('../../experiment/package-info');
    const { isScoreLoss } = await import('solh-losses');
    const { checkBaseline } = await import('../../report/compare');
    const { curveSeries, loadFigureModule, loadRecords, printPaths } = await import('../figure-output');
    const { SolhError } = await import('../../errors');
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
  },
};
