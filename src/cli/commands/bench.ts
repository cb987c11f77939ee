/** `solh bench`: every task of a benchmark suite, each into its own subfolder, with progress over the whole suite. */
import type { CommandSpec } from '../command';
import { DEFAULT_BENCH_OUT, ParamUse } from '../params';
import type { SessionFlags } from '../session';
import type { Task } from '../../experiment/suite';

/** Laid over the suite's base config. */
const BASE_PARAMS: ParamUse[] = [
  ['target', { description: 'targets instead of the base config\'s: a comma list, or all' }],
  ['losses', { description: 'comma-separated loss specs instead of the base config\'s' }],
  'maxEpochs',
  ['set', { description: 'override a setting of the base config, e.g. --set training.patience=5' }],
];

export const bench: CommandSpec = {
  name: 'bench',
  description: 'run every task of a benchmark suite (the base config\'s losses × targets × seeds on each data set), each task\'s records in its own subfolder of --out; rerunning resumes',
  params: [
    'suite',
    ['seeds', { description: 'seeds 0..n−1 on every task (default: the suite\'s seeds, 10 if it names none)' }],
    'tasks',
    ...BASE_PARAMS,
    ['out', { description: 'results folder, one subfolder per task', default: DEFAULT_BENCH_OUT }],
    'jobs',
    ['shard', { description: 'run only part i of n (0-based) of each task\'s grid; join each task\'s parts with `solh merge`' }],
    ['record', { default: 'lean' }],
    'backend',
    ['list', { description: 'print the tasks, their run counts and whether their data files check out; train nothing' }],
    'force', 'quiet',
  ],
  help: `
A task whose data file is missing or differs from the suite's sha256, or whose table cannot be
read, is named in one line and left out; the other tasks run, and the command exits with 2 at the
end. A task with a split holding one class only is skipped with a note.

Examples:
  $ npx solh bench --list                                   tasks, run counts, data checks
  $ npx solh bench                                          the suite at its seeds into results/benchmark
  $ npx solh bench --tasks pima,penguins --seeds 3 --out runs/bench-trial
  $ npx solh bench --suite configs/benchmark-mini.json --seeds 2 --losses bce,solh:uniform --max-epochs 2 --out runs/mini
  $ npx solh bench --shard \$SLURM_ARRAY_TASK_ID/8 --out runs/bench-\$SLURM_ARRAY_TASK_ID
Then: npx solh bench-report --results results/benchmark`,
  async action(o: SessionFlags & { out: string; suite: string; set?: string[]; seeds?: number; tasks?: string; list?: boolean }) {
    const { existsSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { configFromFlags } = await import('../settings');
    const { sessionShard, trainSession, sessionCounts, writeManifest, BENCH_MANIFEST } = await import('../session');
    const { planRuns } = await import('../../experiment/grid');
    const { selectShard } = await import('../../experiment/shard');
    const { openStore } = await import('../../store/store');
    const { checkTask, loadSuite, suiteTasks, taskFileProblem } = await import('../../experiment/suite');
    const { EXIT_USAGE } = await import('../errors');
    const { SolhError } = await import('../../errors');

    /** The tasks named by --tasks, in the suite's order; an unknown name is refused with the list. */
    const selectTasks = (tasks: Task[], list: string | undefined): Task[] => {
      if (list === undefined) return tasks;
      const names = list.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = names.find((n) => !tasks.some((t) => t.name === n));
      if (unknown !== undefined || names.length === 0) {
        throw new SolhError(`--tasks "${list}": ${unknown !== undefined ? `no task "${unknown}" in the suite` : 'name at least one task'}; the tasks are ${tasks.map((t) => t.name).join(', ')}`);
      }
      return tasks.filter((t) => names.includes(t.name));
    };
    /** Updates the manifest's lines of these tasks, keeping those of tasks run by earlier commands (--tasks). */
    const updateManifest = async (out: string, rows: string[][]): Promise<void> => {
      const file = join(out, BENCH_MANIFEST);
      const old = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')) : [];
      const mine = new Set(rows.map((r) => r[0]));
      const lines = [...old.filter((r) => !mine.has(r[0])), ...rows].map((r) => r.join('\t'));
      await writeManifest(out, BENCH_MANIFEST, ['task\tdata\tsha256\tseeds\truns', ...lines].join('\n') + '\n');
    };

    const suite = loadSuite(o.suite);
    const { config: base } = configFromFlags({ ...o, config: suite.base }, BASE_PARAMS);
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
  },
};
