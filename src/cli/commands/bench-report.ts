/** `solh bench-report`: a benchmark folder's per-task Δ table and the tests across data sets. */
import type { CommandSpec } from '../command';
import { DEFAULT_BENCH_OUT } from '../params';
import type { Format } from '../../report/rows';

export const benchReport: CommandSpec = {
  name: 'bench-report',
  description: 'a benchmark folder (one subfolder per task, as `solh bench` writes): per target and threshold, each task\'s Δ against the baseline, then across data sets average ranks, Friedman / Iman–Davenport, the Nemenyi critical difference, Wilcoxon signed-rank with Holm and the Bayesian signed-rank test',
  params: [
    ['results', { description: 'benchmark folder', default: DEFAULT_BENCH_OUT }],
    ['target', { description: 'targets to report, a comma list (default: every target found)', default: undefined }],
    ['baseline', { description: 'loss spec every other loss is compared with' }],
    'rope', 'alpha', 'samples',
    ['format', { description: 'text, markdown, csv (the per-task Δ only) or json' }],
  ],
  help: `
Each data set is one unit: its score is the mean over the seeds at which every loss finished.
The tests across data sets need at least 5 data sets; with fewer they are refused in one line
(exit 2) and the per-task table is still printed.

Examples:
  $ npx solh bench-report --results results/benchmark
  $ npx solh bench-report --results results/benchmark --target f1 --rope 0.005 --format markdown
  $ npx solh bench-report --results results/benchmark --format json
  $ npx solh plot cd --results results/benchmark        the critical-difference diagrams`,
  async action(o: { results: string; target?: string; baseline: string; rope: number; alpha: number; samples: number; format: Format }) {
    const { benchSectionsOf } = await import('../records');
    const { renderBench } = await import('../../report/bench-format');
    const { EXIT_USAGE } = await import('../errors');
    const sections = benchSectionsOf(o);
    process.stdout.write(`${renderBench(sections, o.format, o.rope)}\n`);
    // A section whose tests across data sets were refused: said once on stderr, exit 2 at the end.
    const refused = [...new Set(sections.flatMap((s) => ('refused' in s.across ? [s.across.refused] : [])))];
    for (const r of refused) process.stderr.write(`solh: error: ${r}\n`);
    if (refused.length) process.exitCode = EXIT_USAGE;
  },
};
