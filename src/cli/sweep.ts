/** `solh sweep`: every universe of a config's sweep, each into its own subfolder, with progress over the whole sweep. */
import { Command, Option } from 'commander';
import { basename } from 'node:path';
import { configFromFlags } from './settings';
import { defaultJobs } from '../experiment/runner';
import { expandSweep } from '../experiment/sweep';
import { MAX_RUNS, planRuns } from '../experiment/grid';
import { parseShard, selectShard, shardNote } from '../experiment/shard';
import { arrayScript, checkTasks, commandArgs, probeGrid, rawArgsOf, solhLauncher } from './sbatch';
import { openStore } from '../store/store';
import { RECORD_MODES, RecordMode } from '../experiment/record';
import { BACKEND_CHOICES } from '../engine/backend';
import { parseCount } from './parse';
import { formatDuration } from './progress';
import { runGrids, writeManifest } from './grids';
import { SolhError } from '../errors';

/** Longest file name (in bytes) that common file systems take (NAME_MAX). */
const MAX_NAME_BYTES = 255;

/** The universes of a sweep folder, one a line (not .json: a folder's .json files are records). */
export const SWEEP_MANIFEST = 'universes.tsv';

export function sweepCommand(): Command {
  return new Command('sweep')
    .description('run every universe of a config\'s sweep (one-at-a-time or factorial), each universe\'s records in its own subfolder of --out; rerunning resumes')
    .option('--config <file>', 'protocol, grid and sweep axes (JSON; "extends": "paper-30seeds.json" starts from another config)', 'configs/multiverse.json')
    .option('--seeds <n>', 'seeds 0..n−1 in every universe, the default one included (overrides grid.seeds and defaultSeeds)')
    .option('--default-seeds <n>', 'seeds 0..n−1 in the default universe (overrides defaultSeeds)')
    .option('--target <t>', 'targets instead of the config\'s: a comma list, or all', 'all')
    .option('--losses <list>', 'comma-separated loss specs instead of the config\'s')
    .option('--max-epochs <n>', 'at most this many epochs per run (changes the protocol: for trials)')
    .option('--set <key=value...>', 'override a setting of every universe, e.g. --set training.patience=5')
    .option('--out <dir>', 'results folder, one subfolder per universe (default: runs/<config name>)')
    .option('--jobs <n>', 'parallel worker threads', String(defaultJobs()))
    .option('--shard <i/n>', 'run only part i of n (0-based) of each universe\'s grid; auto: the part from SLURM_ARRAY_TASK_ID (count: the array\'s size) or, with auto/n, from JOB_COMPLETION_INDEX; join the parts with `solh merge`')
    .option('--sbatch <n>', 'print a Slurm job-array script of n tasks for this sweep (with its merge as a dependent job), train only a probe to measure memory')
    .addOption(new Option('--record <mode>', 'lean: one JSON line per run, no history or curves; full: one JSON file per run').choices([...RECORD_MODES]).default('lean'))
    .addOption(new Option('--backend <b>', 'TensorFlow.js backend').choices([...BACKEND_CHOICES]).default('auto'))
    .option('--list', 'print the universes and their run counts, train nothing')
    .option('--force', 'rerun runs that are already recorded')
    .option('--quiet', 'no progress lines')
    .addHelpText('after', `
Examples:
  $ npx solh sweep --config configs/multiverse.json --list          universes and run counts
  $ npx solh sweep --config configs/multiverse.json --out results/multiverse
  $ npx solh sweep --seeds 2 --losses bce,solh:uniform --max-epochs 3 --out runs/trial
  $ npx solh sweep --shard auto --out runs/sweep-\$SLURM_ARRAY_TASK_ID    in a Slurm job array
  $ npx solh sweep --out results/multiverse --jobs 2 --sbatch 16 > multiverse.sh && bash multiverse.sh
  $ npx solh merge runs/sweep-0 runs/sweep-1 --out runs/sweep     every universe at once
Then: npx solh verdicts --results results/multiverse`)
    .action(async (o, cmd: Command) => {
      const { config, path } = configFromFlags({ ...o, seeds: undefined });
      if (o.seeds !== undefined) {
        const n = parseCount(o.seeds, '--seeds', 1);
        if (n > MAX_RUNS) throw new SolhError(`--seeds ${o.seeds}: at most ${MAX_RUNS} (the bound on the runs of a sweep): use fewer seeds, or split the study over several --out folders`);
        config.grid.seeds = Array.from({ length: n }, (_, i) => i);
        delete config.defaultSeeds;
      }
      if (o.defaultSeeds !== undefined) config.defaultSeeds = parseCount(o.defaultSeeds, '--default-seeds', 1);
      const universes = expandSweep(config, path); // bounded: checkSweepSize counts before it enumerates
      if (o.sbatch !== undefined && o.shard !== undefined) throw new SolhError('--sbatch and --shard: the job-array script gives each task its part (--shard auto/n); leave out --shard');
      const shard = o.shard === undefined ? undefined : parseShard(o.shard);
      const note = shard && !o.list && shardNote(shard);
      if (note) process.stderr.write(`${note}\n`);
      const plans = universes.map((u) => (shard ? selectShard(planRuns(u.config), shard) : planRuns(u.config)));
      const total = plans.reduce((a, p) => a + p.length, 0);
      if (o.list) {
        universes.forEach((u, i) => process.stdout.write(`${u.name}\t${plans[i].length} runs\t${u.config.grid.seeds.length} seeds\n`));
        process.stdout.write(`${universes.length} universes, ${total} runs\n`);
        return;
      }
      const out: string = o.out ?? `runs/${basename(path).replace(/\.json$/, '')}`;
      // Every universe's folder name is checked before the first universe trains.
      const tooLong = universes.find((u) => Buffer.byteLength(u.name) > MAX_NAME_BYTES);
      if (tooLong) {
        throw new SolhError(`universe folder name ${tooLong.name.slice(0, 60)}… is ${Buffer.byteLength(tooLong.name)} bytes, more than the ${MAX_NAME_BYTES} a file system allows: vary fewer settings at once, or shorten the values (e.g. fewer columns in data.drop)`);
      }
      const jobs = parseCount(o.jobs, '--jobs', 1);
      const record = o.record as RecordMode;
      if (o.sbatch !== undefined) {
        const tasks = parseCount(o.sbatch, '--sbatch', 1);
        if (universes.length === 0) throw new SolhError('the sweep has no universes');
        checkTasks(tasks, Math.max(...plans.map((p) => p.length)));
        const probe = await probeGrid(universes[0].config, jobs, o.backend, record);
        const args = commandArgs(rawArgsOf(cmd), 'sweep');
        const runsPerTask = plans.reduce((a, p) => a + Math.ceil(p.length / tasks), 0);
        process.stdout.write(arrayScript({ subcommand: 'sweep', args, tasks, jobs, out, cwd: process.cwd(), launcher: solhLauncher(), totalRuns: total, runsPerTask, probe }));
        return;
      }
      openStore(out);
      const manifest = ['universe\tsettings\tseeds\truns', ...universes.map((u, i) => `${u.name}\t${JSON.stringify(u.settings)}\t${u.config.grid.seeds.length}\t${plans[i].length}`)];
      await writeManifest(out, SWEEP_MANIFEST, manifest.join('\n') + '\n');
      const result = await runGrids(universes, { out, jobs, backend: o.backend, force: Boolean(o.force), record, shard, quiet: Boolean(o.quiet), unit: 'universe', whole: 'sweep', total });
      if (result.interruptedExit !== undefined) {
        process.exitCode = result.interruptedExit;
        return;
      }
      const { ran, failed, skipped, wallSeconds: wall } = result;
      if (universes.length === 0) throw new SolhError('the sweep has no universes');
      process.stderr.write(`${universes.length} universes: ${ran} runs trained (${failed} failed), ${skipped} already recorded, in ${formatDuration(wall)}; records in ${out}/<universe>\n`);
      process.stdout.write(`${out}\n`);
    });
}
