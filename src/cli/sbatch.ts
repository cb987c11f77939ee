/**
 * `--sbatch N` of `solh run` and `solh sweep`: a ready Slurm job-array script for the same command.
 * The script submits itself as an array of N tasks (each runs `--shard auto/N` into its own folder)
 * and the merge as a job that starts when every task succeeded (--dependency=afterok); given a task
 * index it resubmits that part alone, then the merge again. --mem comes from a probe that trains a
 * few runs of the grid here and reads the process's peak resident memory (worker threads included).
 */
import { Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Config } from '../experiment/config';
import { runGrid } from '../experiment/runner';
import { planRuns } from '../experiment/grid';
import { readStore } from '../store/store';
import { SolhError } from '../errors';

/** Flags the script sets itself; the user's own values are replaced. */
const REPLACED = ['--sbatch', '--shard', '--out', '--jobs'];

/** The command line as given (Commander keeps it on the program as rawArgs, untyped). */
export function rawArgsOf(cmd: Command): string[] {
  return (cmd.parent as unknown as { rawArgs?: string[] } | null)?.rawArgs ?? process.argv;
}

/** The user's arguments after the subcommand, without the flags the script sets. */
export function commandArgs(rawArgs: string[], subcommand: string): string[] {
  const at = rawArgs.indexOf(subcommand);
  const args = rawArgs.slice(at + 1);
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (REPLACED.includes(a)) {
      i++; // and its value
      continue;
    }
    if (REPLACED.some((f) => a.startsWith(`${f}=`))) continue;
    kept.push(a);
  }
  return kept;
}

/** A word as the shell reads it back: bare when safe, else single-quoted. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface Probe {
  runs: number;
  jobs: number;
  peakMiB: number;
  /** The whole probe: loading, starting the workers, training. */
  seconds: number;
  /** The longest of the probe's runs (its record's wall time). */
  runSeconds: number;
}

/** Trains the first min(jobs, runs) runs of the grid on `jobs` workers into a temporary folder: the peak resident memory and the times. */
export async function probeGrid(config: Config, jobs: number, backend: string, record: 'full' | 'lean'): Promise<Probe> {
  const n = Math.min(jobs, planRuns(config).length);
  const dir = mkdtempSync(join(tmpdir(), 'solh-probe-'));
  const started = Date.now();
  let runSeconds = 0;
  try {
    const r = await runGrid({ config, out: dir, jobs, backend, record, select: (keys) => keys.slice(0, n) });
    if (r.failed === r.ran && r.ran > 0) throw new SolhError('--sbatch: the probe runs failed to train, so no memory could be measured: run the command without --sbatch first to see why');
    runSeconds = Math.max(0, ...readStore(dir).records.map((x) => x.run.wallSeconds));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // maxRSS is in KiB and covers the whole process: main thread, worker threads, TF.js and the data.
  return { runs: n, jobs, peakMiB: process.resourceUsage().maxRSS / 1024, seconds: (Date.now() - started) / 1000, runSeconds };
}

/** Head room over the measured peak, and the granularity --mem is rounded up to. */
const MEM_FACTOR = 1.5;
const MEM_STEP_MIB = 64;
/** Head room over the estimated task time, and the least --time asked for. */
const TIME_FACTOR = 3;
const MIN_TIME_MINUTES = 10;

/** bin/solh of the package this module belongs to (dist/src/cli → the package root). */
export function solhLauncher(): string {
  return resolve(__dirname, '../../../bin/solh');
}

export function memoryRequestMiB(peakMiB: number): number {
  return Math.ceil((peakMiB * MEM_FACTOR) / MEM_STEP_MIB) * MEM_STEP_MIB;
}

/** Slurm's --time: [D-]HH:MM:SS, whole minutes, at least MIN_TIME_MINUTES. */
export function timeRequest(seconds: number): string {
  const minutes = Math.max(MIN_TIME_MINUTES, Math.ceil(seconds / 60));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const hms = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00`;
  return d ? `${d}-${hms}` : hms;
}

export interface ArrayScript {
  subcommand: 'run' | 'sweep';
  /** The user's arguments, without --sbatch, --shard, --out, --jobs. */
  args: string[];
  tasks: number;
  jobs: number;
  out: string;
  cwd: string;
  /** This package's bin/solh, by absolute path: the nodes see the same file system (no npx: its npm process sits between Slurm's signal and solh). */
  launcher: string;
  /** Runs of the whole grid (all universes for a sweep), and of the largest task. */
  totalRuns: number;
  runsPerTask: number;
  probe: Probe;
}

/** More tasks than the (largest) grid has runs would leave tasks with nothing to do. */
export function checkTasks(tasks: number, gridRuns: number): void {
  if (tasks > gridRuns) throw new SolhError(`--sbatch ${tasks}: the grid has only ${gridRuns} run${gridRuns === 1 ? '' : 's'}, so ${tasks - gridRuns} task${tasks - gridRuns === 1 ? '' : 's'} would have nothing to do: use --sbatch ${gridRuns} or fewer`);
}

export function arrayScript(s: ArrayScript): string {
  const out = s.out.replace(/\/+$/, '');
  const mem = memoryRequestMiB(s.probe.peakMiB);
  const perWorker = Math.ceil(s.runsPerTask / s.jobs);
  const time = timeRequest(TIME_FACTOR * (s.probe.seconds + perWorker * s.probe.runSeconds));
  const shown = ['solh', s.subcommand, ...s.args].map(shellWord).join(' ');
  const task = [s.launcher, s.subcommand, ...s.args, '--jobs', String(s.jobs), '--shard', `auto/${s.tasks}`].map(shellWord).join(' ');
  const shard = shellWord(`${out}-shard-`);
  const merge = `cd ${shellWord(s.cwd)} && ${shellWord(s.launcher)} merge $(seq -f ${shellWord(`${out}-shard-%g`)} 0 ${s.tasks - 1}) --out ${shellWord(out)}`;
  return `#!/bin/bash
# Slurm job array for: ${shown}
# ${s.tasks} tasks, task i runs part i of ${s.tasks} of the grid's ${s.totalRuns} runs (at most ${s.runsPerTask}) into ${out}-shard-i;
# the merge into ${out} starts when every task has succeeded. Slurm's logs: ${out}-slurm-*.out.
#   bash THIS_SCRIPT        submit the array and the merge
#   bash THIS_SCRIPT i      rerun part i alone (cancelled, failed, node lost; its recorded runs are
#                           kept), then the merge again
# --mem: ${MEM_FACTOR} × ${s.probe.peakMiB.toFixed(0)} MiB, the peak resident memory of \`solh ${s.subcommand} --sbatch\` training ${s.probe.runs} run${s.probe.runs === 1 ? '' : 's'} of this grid
#   on ${s.probe.jobs} worker${s.probe.jobs === 1 ? '' : 's'} (process maxRSS), rounded up to ${MEM_STEP_MIB} MiB.
# --time: ${TIME_FACTOR} × (${s.probe.seconds.toFixed(1)} s to load and train the probe + ${perWorker} runs a worker × ${s.probe.runSeconds.toFixed(1)} s, its longest
#   run), at least ${MIN_TIME_MINUTES} minutes.
#SBATCH --job-name=solh-${s.subcommand}
#SBATCH --array=0-${s.tasks - 1}
#SBATCH --cpus-per-task=${s.jobs}
#SBATCH --mem=${mem}M
#SBATCH --time=${time}
#SBATCH --output=${out}-slurm-%A_%a.out
set -euo pipefail
if [ -z "\${SLURM_JOB_ID:-}" ]; then
  script=$(realpath "$0")
  cd ${shellWord(s.cwd)}
  mkdir -p ${shellWord(dirname(out))} # Slurm's logs go there; a task whose log cannot be opened fails to launch
  array=$(sbatch --parsable \${1:+--array=$1} "$script")
  merge=$(sbatch --parsable --job-name=solh-merge --output=${shellWord(`${out}-slurm-merge-%j.out`)} --dependency=afterok:\${array%%;*} --kill-on-invalid-dep=yes \\
    --wrap ${shellWord(merge)})
  echo "submitted array job \${array%%;*}\${1:+ (task $1)} and merge job \${merge%%;*}"
  exit 0
fi
cd ${shellWord(s.cwd)}
exec ${task} --out ${shard}"\${SLURM_ARRAY_TASK_ID}"
`;
}
