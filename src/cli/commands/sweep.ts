/** `solh sweep`: every universe of a config's sweep, each into its own subfolder, with progress over the whole sweep. */
import type { Command } from 'commander';
import type { CommandSpec } from '../command';
import type { ParamUse } from '../params';
import type { SessionFlags } from '../session';

/** Longest file name (in bytes) that common file systems take (NAME_MAX). */
const MAX_NAME_BYTES = 255;

/** Set on the config after it is read: they change the sweep's seeds, not one universe's settings. */
const SEED_PARAMS: ParamUse[] = [
  ['seeds', { description: 'seeds 0..n−1 in every universe, the default one included (overrides grid.seeds and defaultSeeds)' }],
  'defaultSeeds',
];
const CONFIG_PARAMS: ParamUse[] = [
  ['config', { description: 'protocol, grid and sweep axes (JSON; "extends": "paper-30seeds.json" starts from another config)', default: 'configs/multiverse.json' }],
  ['target', { description: 'targets instead of the config\'s: a comma list, or all' }],
  'losses', 'maxEpochs',
  ['set', { description: 'override a setting of every universe, e.g. --set training.patience=5' }],
];

export const sweep: CommandSpec = {
  name: 'sweep',
  description: 'run every universe of a config\'s sweep (one-at-a-time or factorial), each universe\'s records in its own subfolder of --out; rerunning resumes',
  params: [
    ...CONFIG_PARAMS.slice(0, 1), ...SEED_PARAMS, ...CONFIG_PARAMS.slice(1),
    ['out', { description: 'results folder, one subfolder per universe (default: runs/<config name>)' }],
    'jobs',
    ['shard', { description: 'run only part i of n (0-based) of each universe\'s grid; auto: the part from SLURM_ARRAY_TASK_ID (count: the array\'s size) or, with auto/n, from JOB_COMPLETION_INDEX; join the parts with `solh merge`' }],
    ['sbatch', { description: 'print a Slurm job-array script of n tasks for this sweep (with its merge as a dependent job), train only a probe to measure memory' }],
    ['record', { default: 'lean' }],
    'backend',
    ['list', { description: 'print the universes and their run counts, train nothing' }],
    'force', 'quiet',
  ],
  help: `
Examples:
  $ npx solh sweep --config configs/multiverse.json --list          universes and run counts
  $ npx solh sweep --config configs/multiverse.json --out results/multiverse
  $ npx solh sweep --seeds 2 --losses bce,solh:uniform --max-epochs 3 --out runs/trial
  $ npx solh sweep --shard auto --out runs/sweep-\$SLURM_ARRAY_TASK_ID    in a Slurm job array
  $ npx solh sweep --out results/multiverse --jobs 2 --sbatch 16 > multiverse.sh && bash multiverse.sh
  $ npx solh merge runs/sweep-0 runs/sweep-1 --out runs/sweep     every universe at once
Then: npx solh verdicts --results results/multiverse`,
  async action(o: SessionFlags & { config: string; set?: string[]; seeds?: number; defaultSeeds?: number; list?: boolean }, cmd: Command) {
    const { configFromFlags } = await import('../settings');
    const { outFolder, sessionShard, printArrayScript, trainSession, sessionCounts, writeManifest, SWEEP_MANIFEST } = await import('../session');
    const { expandSweep } = await import('../../experiment/sweep');
    const { planRuns } = await import('../../experiment/grid');
    const { selectShard } = await import('../../experiment/shard');
    const { openStore } = await import('../../store/store');
    const { SolhError } = await import('../../errors');
    const { config, path } = configFromFlags(o, CONFIG_PARAMS);
    if (o.seeds !== undefined) {
      config.grid.seeds = Array.from({ length: o.seeds }, (_, i) => i);
      delete config.defaultSeeds;
    }
    if (o.defaultSeeds !== undefined) config.defaultSeeds = o.defaultSeeds;
    const universes = expandSweep(config, path); // bounded: checkSweepSize counts before it enumerates
    const shard = sessionShard(o, o.list);
    const plans = universes.map((u) => (shard ? selectShard(planRuns(u.config), shard) : planRuns(u.config)));
    const total = plans.reduce((a, p) => a + p.length, 0);
    if (o.list) {
      universes.forEach((u, i) => process.stdout.write(`${u.name}\t${plans[i].length} runs\t${u.config.grid.seeds.length} seeds\n`));
      process.stdout.write(`${universes.length} universes, ${total} runs\n`);
      return;
    }
    const out = outFolder(o, path);
    // Every universe's folder name is checked before the first universe trains.
    const tooLong = universes.find((u) => Buffer.byteLength(u.name) > MAX_NAME_BYTES);
    if (tooLong) {
      throw new SolhError(`universe folder name ${tooLong.name.slice(0, 60)}… is ${Buffer.byteLength(tooLong.name)} bytes, more than the ${MAX_NAME_BYTES} a file system allows: vary fewer settings at once, or shorten the values (e.g. fewer columns in data.drop)`);
    }
    if (universes.length === 0) throw new SolhError('the sweep has no universes');
    if (o.sbatch !== undefined) return printArrayScript(cmd, 'sweep', { ...o, sbatch: o.sbatch }, out, universes[0].config, plans.map((p) => p.length));
    openStore(out);
    const manifest = ['universe\tsettings\tseeds\truns', ...universes.map((u, i) => `${u.name}\t${JSON.stringify(u.settings)}\t${u.config.grid.seeds.length}\t${plans[i].length}`)];
    await writeManifest(out, SWEEP_MANIFEST, manifest.join('\n') + '\n');
    const result = await trainSession(universes, { out, jobs: o.jobs, backend: o.backend, force: Boolean(o.force), record: o.record, shard, quiet: Boolean(o.quiet), grids: { unit: 'universe', whole: 'sweep', total } });
    if (result.interruptedExit !== undefined) {
      process.exitCode = result.interruptedExit;
      return;
    }
    process.stderr.write(`${universes.length} universes: ${sessionCounts(result)}; records in ${out}/<universe>\n`);
    process.stdout.write(`${out}\n`);
  },
};
