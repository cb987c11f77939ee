/** `solh run`: one grid, one record per run as it finishes, then the tables. */
import { configFromFlags } from '../settings';
import { outFolder, sessionShard, printArrayScript, trainSession, sessionCounts } from '../session';
import { planRuns } from '../../experiment/grid';
import { readStore } from '../../store/store';
import { renderTables } from '../../report/table';
import { onPaperData } from '../../report/paper';
import type { Command } from 'commander';
import { paramsOf } from '../params';
import type { SessionFlags, SessionResult } from '../session';
import { recordFileName, RunRecord } from '../../experiment/record';

/**
 * The folder's records of this config. Into a folder that held none of them, in full records, they
 * are the records the grid wrote: taken from memory (through JSON, as a file reads back) in the
 * order readStore reads files, by name, so the tables are the same numbers; otherwise read back.
 */
function recordsToPrint(result: SessionResult, out: string, lean: boolean): RunRecord[] {
  const kept = result.records;
  if (kept && !lean && kept.length === result.ran) {
    const named = kept.map((r) => ({ name: recordFileName(r.key), record: JSON.parse(JSON.stringify(r)) as RunRecord }));
    return named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((x) => x.record);
  }
  return readStore(out).records.filter((r) => r.configHash === result.configHash);
}

export async function run(o: SessionFlags & { config: string; set?: string[] }, cmd: Command): Promise<void> {
  const { config, path } = configFromFlags(o, paramsOf(cmd));
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
  const result = await trainSession([{ name: '', config }], { out, jobs: o.jobs, backend: o.backend, force: Boolean(o.force), record: o.record, shard, quiet: Boolean(o.quiet), keepRecords: true });
  if (result.interruptedExit !== undefined) {
    process.exitCode = result.interruptedExit;
    return;
  }
  const mine = recordsToPrint(result, out, o.record === 'lean');
  // On the paper's data (ACTG 175, label cid, all features) the tables stand beside the paper's values, as `table --compare paper` prints them.
  const comparePaper = mine.length > 0 && onPaperData(mine[0]);
  const { text } = renderTables(mine, { targets: config.grid.targets, format: 'text', comparePaper, order: config.grid.losses });
  process.stdout.write(`${text}\n`);
  process.stderr.write(`${sessionCounts(result)}; records in ${out}\n`);
}
