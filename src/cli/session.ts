/**
 * What `solh run`, `solh sweep` and `solh bench` share around training: the default results folder,
 * --shard and --sbatch, stopping between records at a signal, progress, and the line that says how
 * to resume. A session trains one grid into --out (run) or several grids into subfolders of it, one
 * after the other with progress over all of them (a sweep's universes, a suite's tasks); each grid
 * is an ordinary `runGrid` (lock, resume, compaction of lean records at its end).
 */
import { basename, join } from 'node:path';
import { constants } from 'node:os';
import { createHash } from 'node:crypto';
import type { Command } from 'commander';
import { writeFailure, writeFileAtomic } from '../store/atomic-file';
import { acquireLock } from '../store/lock';
import { Config } from '../experiment/config';
import { runGrid, ProgressEvent } from '../experiment/runner';
import { Shard, parseShard, selectShard, shardNote } from '../experiment/shard';
import { RecordMode, RunRecord, keyId } from '../experiment/record';
import { formatDuration, notesPrinter, progressPrinter } from './progress';
import { arrayScript, checkTasks, commandArgs, probeGrid, rawArgsOf, solhLauncher } from './sbatch';
import { SolhError } from '../errors';
import { scoreAt } from '../store/record-schema';

/** The universes of a sweep folder, one a line (not .json: a folder's .json files are records). */
export const SWEEP_MANIFEST = 'universes.tsv';
/** The tasks of a benchmark folder, one a line. */
export const BENCH_MANIFEST = 'tasks.tsv';

/** The flags of a training session, as the registry parsed them. */
export interface SessionFlags {
  out?: string;
  jobs: number;
  backend: string;
  record: RecordMode;
  shard?: string;
  sbatch?: number;
  force?: boolean;
  quiet?: boolean;
}

/** --out, or runs/<config name> (runs/paper for configs/paper.json). */
export function outFolder(o: SessionFlags, configPath: string): string {
  return o.out ?? `runs/${basename(configPath).replace(/\.json$/, '')}`;
}

/** --shard parsed (auto: from the job array's environment, said on stderr unless `quiet`); refused beside --sbatch. */
export function sessionShard(o: SessionFlags, quiet = false): Shard | undefined {
  if (o.sbatch !== undefined && o.shard !== undefined) throw new SolhError('--sbatch and --shard: the job-array script gives each task its part (--shard auto/n); leave out --shard');
  if (o.shard === undefined) return undefined;
  const shard = parseShard(o.shard);
  const note = !quiet && shardNote(shard);
  if (note) process.stderr.write(`${note}\n`);
  return shard;
}

/**
 * --sbatch: prints the job-array script of this command, with --mem and --time from a probe that
 * trains a few runs of `probe` here. `runs` are the runs of each grid (one for run).
 */
export async function printArrayScript(cmd: Command, subcommand: 'run' | 'sweep', o: SessionFlags & { sbatch: number }, out: string, probe: Config, runs: number[]): Promise<void> {
  checkTasks(o.sbatch, Math.max(...runs));
  const measured = await probeGrid(probe, o.jobs, o.backend, o.record);
  const args = commandArgs(rawArgsOf(cmd), subcommand);
  const totalRuns = runs.reduce((a, n) => a + n, 0);
  const runsPerTask = runs.reduce((a, n) => a + Math.ceil(n / o.sbatch), 0);
  process.stdout.write(arrayScript({ subcommand, args, tasks: o.sbatch, jobs: o.jobs, out, cwd: process.cwd(), launcher: solhLauncher(), totalRuns, runsPerTask, probe: measured }));
}

/**
 * Ctrl-C (SIGINT) or a polite kill (SIGTERM) stops the grid between records instead of killing
 * the process mid-way; a second signal kills at once, as usual.
 */
function stopOnSignals(): { signal: AbortSignal; received?: NodeJS.Signals; release: () => void } {
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

export interface NamedGrid {
  name: string;
  config: Config;
}

export interface SessionOptions {
  out: string;
  jobs: number;
  backend: string;
  force: boolean;
  record: RecordMode;
  shard?: Shard;
  quiet: boolean;
  /** Several grids: what one is called in progress lines (universe, task), what all are (sweep, suite), and their runs after sharding. */
  grids?: { unit: string; whole: string; total: number };
  /** A grid that fails with a SolhError is handed here and the next one runs (without it, the error ends the command). */
  onGridError?: (g: NamedGrid, e: SolhError) => void;
  /** Keep the (last) grid's records in SessionResult.records. */
  keepRecords?: boolean;
}

export interface SessionResult {
  ran: number;
  failed: number;
  skipped: number;
  wallSeconds: number;
  /** Runs of the (last) grid; its config hash. */
  total: number;
  configHash?: string;
  /** With keepRecords: the (last) grid's records, as GridResult.records. */
  records?: RunRecord[];
  /** Stopped by a signal: the exit code to end with. */
  interruptedExit?: number;
}

/** The runner's notes (capped jobs, tiny splits), each said once however many grids repeat it. */
function onceNotes(stream: NodeJS.WriteStream = process.stderr): (e: ProgressEvent) => void {
  const said = new Set<string>();
  const print = notesPrinter(stream);
  return (e) => {
    if (e.type !== 'note' || said.has(e.message)) return;
    said.add(e.message);
    print(e);
  };
}

/** Progress over all grids: a line per grid, a line per finished run with the overall count and time left, and the notes. */
function overallProgress(g: { unit: string; whole: string; total: number }, notes: (e: ProgressEvent) => void, stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let counted = 0; // runs recorded before or during this command
  let trained = 0;
  return (grid: NamedGrid, i: number, of: number) => (e: ProgressEvent) => {
    notes(e);
    if (e.type === 'start') {
      counted += e.skipped;
      stream.write(`${g.unit} ${i + 1}/${of} ${grid.name}: ${e.pending === 0 ? `all ${e.total} runs already recorded` : `running ${e.pending} of ${e.total} runs (${e.skipped} already recorded) on ${e.jobs} job${e.jobs > 1 ? 's' : ''}, backend ${e.backend}`}\n`);
    } else if (e.type === 'done') {
      counted++;
      trained++;
      const r = e.record;
      const t = r.key.target ?? 'f1';
      const outcome = r.status === 'ok' ? `${r.epochsRun} epochs, test ${t} ${scoreAt(r.evaluation[t], 'test', 'threshold')?.toFixed(4)}` : `FAILED at epoch ${r.failure?.epoch}`;
      const perRun = (Date.now() - started) / 1000 / trained;
      const left = Math.max(0, g.total - counted);
      stream.write(`[${counted}/${g.total}] ${grid.name}: ${keyId(r.key)}: ${outcome}${left ? `; about ${formatDuration(perRun * left)} left in the ${g.whole}` : ''}\n`);
    }
  };
}

/**
 * Trains one grid into `out` (`grids` unset: per-run progress) or each grid into `<out>/<name>`;
 * stops at a signal between records, saying how many runs are recorded and how to resume.
 */
export async function trainSession(grids: NamedGrid[], o: SessionOptions): Promise<SessionResult> {
  const several = o.grids;
  const notes = several ? onceNotes() : undefined;
  const overall = several && notes ? overallProgress(several, notes) : undefined;
  const stop = stopOnSignals();
  const result: SessionResult = { ran: 0, failed: 0, skipped: 0, wallSeconds: 0, total: 0 };
  const shard = o.shard;
  try {
    for (const [i, g] of grids.entries()) {
      const progress = overall ? (o.quiet ? notes! : overall(g, i, grids.length)) : o.quiet ? notesPrinter() : progressPrinter();
      let r;
      try {
        r = await runGrid(
          { config: g.config, out: several ? join(o.out, g.name) : o.out, jobs: o.jobs, backend: o.backend, force: o.force, signal: stop.signal, record: o.record, select: shard ? (keys) => selectShard(keys, shard) : undefined, keepRecords: o.keepRecords },
          progress,
        );
      } catch (e) {
        if (!(e instanceof SolhError) || !o.onGridError) throw e;
        o.onGridError(g, e);
        continue;
      }
      result.ran += r.ran;
      result.failed += r.failed;
      result.skipped += r.skipped;
      result.wallSeconds += r.wallSeconds;
      result.total = r.total;
      result.configHash = r.configHash;
      result.records = r.records;
      if (r.interrupted) {
        const recorded = result.skipped + result.ran;
        const of = several ? `${several.total} runs of the ${several.whole}` : `${r.total} runs`;
        process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}solh: interrupted: ${recorded} of ${of} recorded in ${o.out}; run the same command${o.force ? ' without --force' : ''} to resume\n`);
        result.interruptedExit = 128 + (constants.signals[stop.received!] ?? 2);
        return result;
      }
    }
  } finally {
    stop.release();
  }
  return result;
}

/** "N runs trained (F failed), S already recorded, in T": the closing line's counts. */
export function sessionCounts(r: SessionResult): string {
  return `${r.ran} runs trained (${r.failed} failed), ${r.skipped} already recorded, in ${formatDuration(r.wallSeconds)}`;
}

/**
 * Writes a sweep's or suite's manifest under the folder's lock (its "protocol" is the manifest itself):
 * a concurrent sweep or bench of another config into the same folder is refused, not overwritten.
 */
export async function writeManifest(out: string, name: string, text: string): Promise<void> {
  const lock = (await acquireLock(out, createHash('sha256').update(text).digest('hex').slice(0, 16)))!;
  try {
    lock.check();
    writeFileAtomic(out, name, text);
  } catch (e) {
    throw writeFailure(`the manifest ${join(out, name)}`, e);
  } finally {
    lock.release();
  }
}
