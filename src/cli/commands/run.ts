/** `solh run`: one grid, one record per run as it finishes, then the tables. */
import type { Command } from 'commander';
import type { CommandSpec } from '../command';
import type { ParamUse } from '../params';
import type { SessionFlags } from '../session';

const PARAMS: ParamUse[] = [
  'config', 'target', 'seeds', 'losses', ['maxEpochs', { description: 'at most this many epochs per run' }], 'jobs', 'backend',
  'data', 'label', 'positive', 'delimiter', 'drop', 'categorical', 'missing', 'delta', 'set',
  'out', 'shard', 'sbatch', 'record', 'force', 'quiet',
];

export const run: CommandSpec = {
  name: 'run',
  description: 'train every (target, loss, seed) of a grid, write one record per run as it finishes, and print the tables (beside the paper\'s values on the paper\'s data, ACTG 175 with all features; ours alone on other data); rerunning resumes',
  params: PARAMS,
  help: `
Examples:
  $ npx solh run --target f1                     the paper's Table 2: 10 losses × 3 seeds
  $ npx solh run --target all --seeds 10 --out runs/ten
  $ npx solh run --losses bce,solh:uniform --data my.csv --label outcome --positive yes
  $ npx solh run --config configs/penguins.json --out results/penguins   text columns and missing cells
  $ npx solh run --seeds 30 --record lean --out runs/lean   one JSON line per run
  $ npx solh run --shard auto --out runs/shard-\$SLURM_ARRAY_TASK_ID   in a Slurm job array
  $ npx solh run --seeds 30 --jobs 2 --out runs/paper-30 --sbatch 8 > paper-30.sh && bash paper-30.sh`,
  async action(o: SessionFlags & { config: string; set?: string[] }, cmd: Command) {
    const { configFromFlags } = await import('../settings');
    const { outFolder, sessionShard, printArrayScript, trainSession, sessionCounts } = await import('../session');
    const { planRuns } = await import('../../experiment/grid');
    const { readStore } = await import('../../store/store');
    const { renderTables } = await import('../../report/table');
    const { onPaperData } = await import('../../report/paper');
    const { config, path } = configFromFlags(o, PARAMS);
    const out = outFolder(o, path);
    const shard = sessionShard(o);
    if (o.sbatch !== undefined) return printArrayScript(cmd, 'run', { ...o, sbatch: o.sbatch }, out, config, [planRuns(config).length]);
    if (shard) {
      const total = planRuns(config).length;
      if (total <= shard.index) {
        process.stderr.write(`shard ${shard.index}/${shard.count} has no runs: the grid has ${total} run${total === 1 ? '' : 's'}, so only shards 0/${shard.count} to ${total - 1}/${shard.count} have any; nothing to do\n`);
        return;
      }
    }
    const result = await trainSession([{ name: '', config }], { out, jobs: o.jobs, backend: o.backend, force: Boolean(o.force), record: o.record, shard, quiet: Boolean(o.quiet) });
    if (result.interruptedExit !== undefined) {
      process.exitCode = result.interruptedExit;
      return;
    }
    const { records } = readStore(out);
    const mine = records.filter((r) => r.configHash === result.configHash);
    // On the paper's data (ACTG 175, label cid, all features) the tables stand beside the paper's values, as `table --compare paper` prints them.
    const comparePaper = mine.length > 0 && onPaperData(mine[0]);
    const { text } = renderTables(mine, { targets: config.grid.targets, format: 'text', comparePaper, order: config.grid.losses });
    process.stdout.write(`${text}\n`);
    process.stderr.write(`${sessionCounts(result)}; records in ${out}\n`);
  },
};
