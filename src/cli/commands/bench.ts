/** `solh bench`: every task of a benchmark suite, each into its own subfolder, with progress over the whole suite. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configFromFlags } from '../settings';
import { sessionShard, trainSession, sessionCounts, writeManifest, BENCH_MANIFEST } from '../session';
import { planRuns } from '../../experiment/grid';
import { selectShard } from '../../experiment/shard';
import { openStore } from '../../store/store';
import { checkTask, loadSuite, suiteTasks, taskFileProblem } from '../../experiment/suite';
import { EXIT_USAGE } from '../errors';
import { SolhError } from '../../errors';
import { paramsOf } from '../params';
import type { SessionFlags } from '../session';
import type { Task } from '../../experiment/suite';
import type { Command } from 'commander';

/** The tasks named by --tasks, in the suite's order; an unknown name is refused with the list. */
function selectTasks(tasks: Task[], list: string | undefined): Task[] {
  if (list === undefined) return tasks;
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.find((n) => !tasks.some((t) => t.name === n));
  if (unknown !== undefined || names.length === 0) {
    throw new SolhError(`--tasks "${list}": ${unknown !== undefined ? `no task "${unknown}" in the suite` : 'name at least one task'}; the tasks are ${tasks.map((t) => t.name).join(', ')}`);
  }
  return tasks.filter((t) => names.includes(t.name));
}

/** Updates the manifest's lines of these tasks, keeping those of tasks run by earlier commands (--tasks). */
async function updateManifest(out: string, rows: string[][]): Promise<void> {
  const file = join(out, BENCH_MANIFEST);
  const old = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')) : [];
  const mine = new Set(rows.map((r) => r[0]));
  const lines = [...old.filter((r) => !mine.has(r[0])), ...rows].map((r) => r.join('\t'));
  await writeManifest(out, BENCH_MANIFEST, ['task\tdata\tsha256\tseeds\truns', ...lines].join('\n') + '\n');
}

export async function bench(o: SessionFlags & { out: string; suite: string; set?: string[]; seeds?: number; tasks?: string; list?: boolean }, cmd: Command): Promise<void> {
  if (!existsSync(o.suite)) throw new SolhError(`cannot read suite file "${o.suite}": check the path given to --suite`);
  const suite = loadSuite(o.suite);
  const { config: base } = configFromFlags({ ...o, config: suite.base }, paramsOf(cmd).filter((p) => p !== 'seeds'));
  const seeds = o.seeds ?? suite.seeds;
  const tasks = selectTasks(suiteTasks(suite, base, seeds), o.tasks);
  const shard = sessionShard(o, true);
  const plans = tasks.map((t) => (shard ? selectShard(planRuns(t.config), shard) : planRuns(t.config)));
  if (o.list) {
    tasks.forEach((t, i) => process.stdout.write(`${t.name}\t${plans[i].length} runs\t${seeds} seeds\t${t.config.data.path}\t${taskFileProblem(t) ? 'data file problem (run without --list to see it)' : 'data ok'}\n`));
    process.stdout.write(`${tasks.length} tasks, ${plans.reduce((a, p) => a + p.length, 0)} runs\n`);
    return;
  }
  const out = o.out;
  // Every task's data is checked before any training, so that a bad file is said at once.
  const checks = tasks.map((t) => checkTask(t));
  const failed: string[] = [];
  const skipped: string[] = [];
  checks.forEach((c, i) => {
    if (c.status === 'error') {
      process.stderr.write(`solh: error: ${c.message}\n`);
      failed.push(tasks[i].name);
    } else if (c.status === 'skip') {
      process.stderr.write(`note: ${c.message}\n`);
      skipped.push(tasks[i].name);
    }
  });
  const runnable = tasks.filter((_, i) => checks[i].status === 'ok');
  const total = runnable.reduce((a, t) => a + plans[tasks.indexOf(t)].length, 0);
  if (runnable.length > 0) {
    openStore(out);
    await updateManifest(out, runnable.map((t) => [t.name, t.config.data.path, t.sha256, String(seeds), String(plans[tasks.indexOf(t)].length)]));
    const onGridError = (g: { name: string }, e: Error) => {
      process.stderr.write(`solh: error: task ${g.name}: ${e.message}\n`);
      failed.push(g.name);
    };
    const result = await trainSession(runnable, { out, jobs: o.jobs, backend: o.backend, force: Boolean(o.force), record: o.record, shard, quiet: Boolean(o.quiet), grids: { unit: 'task', whole: 'suite', total }, onGridError });
    if (result.interruptedExit !== undefined) {
      process.exitCode = result.interruptedExit;
      return;
    }
    const ran = runnable.filter((t) => !failed.includes(t.name)).length;
    process.stderr.write(`${ran} task${ran === 1 ? '' : 's'}: ${sessionCounts(result)}; records in ${out}/<task>\n`);
    process.stdout.write(`${out}\n`);
  }
  if (skipped.length) process.stderr.write(`skipped (one class in a split): ${skipped.join(', ')}\n`);
  if (failed.length) {
    process.stderr.write(`solh: error: ${failed.length} task${failed.length > 1 ? 's' : ''} not run (${failed.join(', ')}): see the lines above\n`);
    process.exitCode = EXIT_USAGE;
  }
}
