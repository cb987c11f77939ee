import { Command, Option } from 'commander';
import { configFromFlags } from './settings';
import { runGrid, defaultJobs } from '../experiment/runner';
import { readStore } from '../store/store';
import { renderTables } from '../report/table';
import { onPaperData } from '../report/paper';
import { progressPrinter, notesPrinter, formatDuration } from './progress';
import { planRuns } from '../experiment/grid';
import { parseCount } from './parse';
import { BACKEND_CHOICES } from '../engine/backend';
import { basename } from 'node:path';
import { parseShard, selectShard, shardNote } from '../experiment/shard';
import { arrayScript, checkTasks, commandArgs, probeGrid, rawArgsOf, solhLauncher } from './sbatch';
import { constants } from 'node:os';
import { RECORD_MODES, RecordMode } from '../experiment/record';
import { SolhError } from '../errors';

/**
 * Ctrl-C (SIGINT) or a polite kill (SIGTERM) stops the grid between records instead of killing
 * the process mid-way; a second signal kills at once, as usual.
 */
export function stopOnSignals(): { signal: AbortSignal; received?: NodeJS.Signals; release: () => void } {
  const controller = new AbortController();
  const state: { signal: AbortSignal; received?: NodeJS.Signals; release: () => void } = {
    signal: controller.signal,
    release: () => SIGNALS.forEach((s) => process.removeListener(s, on)),
  };
  const on = (s: NodeJS.Signals) => {
    state.received = s;
    state.release();
    controller.abort();
  };
  SIGNALS.forEach((s) => process.once(s, on));
  return state;
}
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

export function runCommand(): Command {
  return new Command('run')
    .description('train every (target, loss, seed) of a grid, write one record per run as it finishes, and print the tables (beside the paper\'s values on the paper\'s data, ACTG 175 with all features; ours alone on other data); rerunning resumes')
    .option('--config <file>', 'protocol and grid (JSON; "extends": "paper.json" starts from another config)', 'configs/paper.json')
    .option('--target <t>', 'score to train for: f1, accuracy, any registered score, a comma list, or all (the config\'s targets)', 'all')
    .option('--seeds <n>', 'use seeds 0, 1, ..., n−1 instead of the config\'s')
    .option('--losses <list>', 'comma-separated loss specs instead of the config\'s, e.g. bce,solh:uniform')
    .option('--max-epochs <n>', 'at most this many epochs per run')
    .option('--jobs <n>', 'parallel worker threads', String(defaultJobs()))
    .addOption(new Option('--backend <b>', 'TensorFlow.js backend').choices([...BACKEND_CHOICES]).default('auto'))
    .option('--data <file>', 'CSV file with a header row')
    .option('--label <col>', 'label column (0/1, or see --positive)')
    .option('--positive <value>', 'label value that means the positive class')
    .option('--delimiter <c>', 'field separator of the CSV file: one character, or "tab" (default: guessed from the header among comma, semicolon and tab)')
    .option('--drop <cols>', 'comma-separated columns not to use as features')
    .option('--categorical <cols>', 'auto (one-hot encode every non-numeric column), none, or a comma list of columns (default: the config\'s data.categorical, auto in the shipped configs)')
    .addOption(new Option('--missing <how>', 'missing cells (empty, NA, N/A, ?, null, NaN): refuse, leave the rows out, or fill in (median + indicator, "missing" category); default: the config\'s data.missing, error in configs/paper.json').choices(['error', 'drop-rows', 'impute']))
    .option('--delta <d>', 'slope δ of the linear step H^l, in (0, 0.5) (default: the config\'s loss.delta, 0.1 in configs/paper.json)')
    .option('--set <key=value...>', 'override any config setting, e.g. --set training.learningRate=0.01')
    .option('--out <dir>', 'results folder (default: runs/<config name>)')
    .option('--shard <i/n>', 'run only part i of n (0-based) of the grid, for job arrays; auto: the part from SLURM_ARRAY_TASK_ID (count: the array\'s size) or, with auto/n, from JOB_COMPLETION_INDEX; join the parts with `solh merge`')
    .option('--sbatch <n>', 'print a Slurm job-array script of n tasks for this command (with its merge as a dependent job), train only a probe to measure memory')
    .addOption(new Option('--record <mode>', 'full: one JSON file per run; lean: one JSON line per run (no history or curves)').choices([...RECORD_MODES]).default('full'))
    .option('--force', 'rerun runs that are already recorded')
    .option('--quiet', 'no progress lines')
    .addHelpText('after', `
Examples:
  $ npx solh run --target f1                     the paper's Table 2: 10 losses × 3 seeds
  $ npx solh run --target all --seeds 10 --out runs/ten
  $ npx solh run --losses bce,solh:uniform --data my.csv --label outcome --positive yes
  $ npx solh run --config configs/penguins.json --out results/penguins   text columns and missing cells
  $ npx solh run --seeds 30 --record lean --out runs/lean   one JSON line per run
  $ npx solh run --shard auto --out runs/shard-\$SLURM_ARRAY_TASK_ID   in a Slurm job array
  $ npx solh run --seeds 30 --jobs 2 --out runs/paper-30 --sbatch 8 > paper-30.sh && bash paper-30.sh`)
    .action(async (o, cmd: Command) => {
      const { config, path } = configFromFlags(o);
      const out = o.out ?? `runs/${basename(path).replace(/\.json$/, '')}`;
      const jobs = parseCount(o.jobs, '--jobs', 1);
      if (o.sbatch !== undefined) {
        const tasks = parseCount(o.sbatch, '--sbatch', 1);
        if (o.shard !== undefined) throw new SolhError('--sbatch and --shard: the job-array script gives each task its part (--shard auto/n); leave out --shard');
        const totalRuns = planRuns(config).length;
        checkTasks(tasks, totalRuns);
        const probe = await probeGrid(config, jobs, o.backend, o.record as RecordMode);
        const args = commandArgs(rawArgsOf(cmd), 'run');
        process.stdout.write(arrayScript({ subcommand: 'run', args, tasks, jobs, out, cwd: process.cwd(), launcher: solhLauncher(), totalRuns, runsPerTask: Math.ceil(totalRuns / tasks), probe }));
        return;
      }
      const shard = o.shard === undefined ? undefined : parseShard(o.shard);
      const note = shard && shardNote(shard);
      if (note) process.stderr.write(`${note}\n`);
      if (shard) {
        const total = planRuns(config).length;
        if (total <= shard.index) {
          process.stderr.write(`shard ${shard.index}/${shard.count} has no runs: the grid has ${total} run${total === 1 ? '' : 's'}, so only shards 0/${shard.count} to ${total - 1}/${shard.count} have any; nothing to do\n`);
          return;
        }
      }
      const stop = stopOnSignals();
      const result = await runGrid(
        { config, out, jobs, backend: o.backend, force: Boolean(o.force), signal: stop.signal, record: o.record as RecordMode, select: shard ? (keys) => selectShard(keys, shard) : undefined },
        o.quiet ? notesPrinter() : progressPrinter(),
      ).finally(stop.release);
      if (result.interrupted) {
        const recorded = result.skipped + result.ran;
        process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}solh: interrupted: ${recorded} of ${result.total} runs recorded in ${out}; run the same command${o.force ? ' without --force' : ''} to resume\n`);
        process.exitCode = 128 + (constants.signals[stop.received!] ?? 2);
        return;
      }
      const { records } = readStore(out);
      const mine = records.filter((r) => r.configHash === result.configHash);
      // On the paper's data (ACTG 175, label cid, all features) the tables stand beside the paper's values, as `table --compare paper` prints them.
      const comparePaper = mine.length > 0 && onPaperData(mine[0]);
      const { text } = renderTables(mine, { targets: config.grid.targets, format: 'text', comparePaper, order: config.grid.losses });
      process.stdout.write(`${text}\n`);
      process.stderr.write(
        `${result.ran} runs trained (${result.failed} failed), ${result.skipped} already recorded, in ${formatDuration(result.wallSeconds)}; records in ${out}\n`,
      );
    });
}
