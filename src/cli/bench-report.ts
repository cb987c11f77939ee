/** `solh bench-report`: a benchmark folder's per-task Δ table and the tests across data sets. */
import { Command } from 'commander';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readRecordsForReading } from './records';
import { readStore } from '../store/store';
import { checkFormat } from '../report/rows';
import { BenchOptions, BenchSection, TaskRecords, benchSections, correctedWithinTask } from '../report/bench';
import { renderBench } from '../report/bench-format';
import { DEFAULT_BAYES_SAMPLES, DEFAULT_ROPE } from '../stats/bayes-signed-rank';
import { parseCount, parseNumber } from './parse';
import { canonicalBaseline } from './compare';
import { BENCH_MANIFEST, DEFAULT_BENCH_OUT } from './bench';
import { EXIT_USAGE } from './errors';
import { SolhError } from '../errors';

/** The task folders of a benchmark folder with records: in the manifest's order, then any others by name. */
function readTasksForReading(dir: string): TaskRecords[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    throw new SolhError(`results folder "${dir}" does not exist or cannot be read: run \`solh bench --out ${dir}\` first, or name another with --results`);
  }
  const manifest = join(dir, BENCH_MANIFEST);
  const listed = existsSync(manifest) ? readFileSync(manifest, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[0]) : [];
  const folders = entries.filter((e) => !e.startsWith('.') && statSync(join(dir, e)).isDirectory());
  const order = [...listed.filter((n) => folders.includes(n)), ...folders.filter((n) => !listed.includes(n)).sort()];
  const withRecords = order.filter((n) => {
    const s = readStore(join(dir, n));
    return s.records.length || s.corrupted.length;
  });
  if (withRecords.length === 0) throw new SolhError(`no task folders with records in ${dir}: run \`solh bench --out ${dir}\` first`);
  return withRecords.map((name) => ({ name, records: readRecordsForReading(join(dir, name)) }));
}

export interface BenchReadFlags {
  results: string;
  target?: string;
  baseline: string;
  rope: string;
  alpha: string;
  samples: string;
}

/** The flags shared by bench-report and plot cd, read into the sections. */
export function benchSectionsFromFlags(o: BenchReadFlags): { sections: BenchSection[]; options: BenchOptions & { rope: number } } {
  const rope = parseNumber(o.rope, '--rope');
  if (!(rope >= 0)) throw new SolhError(`--rope ${o.rope}: give a half-width ≥ 0 in the score's units, e.g. 0.01`);
  const alpha = parseNumber(o.alpha, '--alpha');
  if (!(alpha > 0 && alpha < 1)) throw new SolhError(`--alpha ${o.alpha}: give a level between 0 and 1, e.g. 0.05`);
  const samples = parseCount(o.samples, '--samples', 1);
  const tasks = readTasksForReading(o.results);
  const options = { baseline: canonicalBaseline(o.baseline, tasks[0].records), targets: o.target ? o.target.split(',').map((s) => s.trim()) : undefined, rope, alpha, samples, withinTask: correctedWithinTask };
  return { sections: benchSections(tasks, options), options };
}

/** A section whose tests across data sets were refused: said once on stderr, exit 2 at the end. */
function reportRefusals(sections: BenchSection[]): void {
  const refused = [...new Set(sections.flatMap((s) => ('refused' in s.across ? [s.across.refused] : [])))];
  for (const r of refused) process.stderr.write(`solh: error: ${r}\n`);
  if (refused.length) process.exitCode = EXIT_USAGE;
}

export function benchReportCommand(): Command {
  return new Command('bench-report')
    .description('a benchmark folder (one subfolder per task, as `solh bench` writes): per target and threshold, each task\'s Δ against the baseline, then across data sets average ranks, Friedman / Iman–Davenport, the Nemenyi critical difference, Wilcoxon signed-rank with Holm and the Bayesian signed-rank test')
    .option('--results <dir>', 'benchmark folder', DEFAULT_BENCH_OUT)
    .option('--target <t>', 'targets to report, a comma list (default: every target found)')
    .option('--baseline <loss>', 'loss spec every other loss is compared with', 'bce')
    .option('--rope <r>', 'half-width of the Bayesian test\'s region of practical equivalence, in score units', String(DEFAULT_ROPE))
    .option('--alpha <a>', 'level of the Nemenyi critical difference', '0.05')
    .option('--samples <n>', 'Monte Carlo draws of the Bayesian signed-rank test', String(DEFAULT_BAYES_SAMPLES))
    .option('--format <f>', 'text, markdown, csv (the per-task Δ only) or json', 'text')
    .addHelpText('after', `
Each data set is one unit: its score is the mean over the seeds at which every loss finished.
The tests across data sets need at least 5 data sets; with fewer they are refused in one line
(exit 2) and the per-task table is still printed.

Examples:
  $ npx solh bench-report --results results/benchmark
  $ npx solh bench-report --results results/benchmark --target f1 --rope 0.005 --format markdown
  $ npx solh bench-report --results results/benchmark --format json
  $ npx solh plot cd --results results/benchmark        the critical-difference diagrams`)
    .action((o) => {
      const format = checkFormat(o.format);
      const { sections, options } = benchSectionsFromFlags(o);
      process.stdout.write(`${renderBench(sections, format, options.rope)}\n`);
      reportRefusals(sections);
    });
}
