/**
 * Several grids into subfolders of one results folder, one after the other, with progress over all
 * of them: the universes of `solh sweep` and the tasks of `solh bench`. Each grid is an ordinary
 * `runGrid` (lock, resume, lean records) into `<out>/<name>`.
 */
import { join } from 'node:path';
import { constants } from 'node:os';
import { createHash } from 'node:crypto';
import { writeFailure, writeFileAtomic } from '../store/atomic-file';
import { acquireLock } from '../store/lock';
import { Config } from '../experiment/config';
import { runGrid, ProgressEvent } from '../experiment/runner';
import { Shard, selectShard } from '../experiment/shard';
import { RecordMode, keyId } from '../experiment/record';
import { formatDuration, notesPrinter } from './progress';
import { stopOnSignals } from './run';
import { SolhError } from '../errors';
import { scoreAt } from '../store/record-schema';

export interface NamedGrid {
  name: string;
  config: Config;
}

export interface GridsOptions {
  out: string;
  jobs: number;
  backend: string;
  force: boolean;
  record: RecordMode;
  shard?: Shard;
  quiet: boolean;
  /** What one grid is called in progress lines (universe, task) and what all of them are (sweep, suite). */
  unit: string;
  whole: string;
  /** Runs of all grids (after sharding), for the count and the time left. */
  total: number;
  /** A grid that fails with a SolhError is handed here and the next one runs (without it, the error ends the command). */
  onGridError?: (g: NamedGrid, e: SolhError) => void;
}

export interface GridsResult {
  ran: number;
  failed: number;
  skipped: number;
  wallSeconds: number;
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
function overallProgress(o: GridsOptions, notes: (e: ProgressEvent) => void, stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let counted = 0; // runs recorded before or during this command
  let trained = 0;
  return (g: NamedGrid, i: number, of: number) => (e: ProgressEvent) => {
    notes(e);
    if (e.type === 'start') {
      counted += e.skipped;
      stream.write(`${o.unit} ${i + 1}/${of} ${g.name}: ${e.pending === 0 ? `all ${e.total} runs already recorded` : `running ${e.pending} of ${e.total} runs (${e.skipped} already recorded) on ${e.jobs} job${e.jobs > 1 ? 's' : ''}, backend ${e.backend}`}\n`);
    } else if (e.type === 'done') {
      counted++;
      trained++;
      const r = e.record;
      const t = r.key.target ?? 'f1';
      const outcome = r.status === 'ok' ? `${r.epochsRun} epochs, test ${t} ${scoreAt(r.evaluation[t], 'test', 'threshold')?.toFixed(4)}` : `FAILED at epoch ${r.failure?.epoch}`;
      const perRun = (Date.now() - started) / 1000 / trained;
      const left = Math.max(0, o.total - counted);
      stream.write(`[${counted}/${o.total}] ${g.name}: ${keyId(r.key)}: ${outcome}${left ? `; about ${formatDuration(perRun * left)} left in the ${o.whole}` : ''}\n`);
    }
  };
}

/** Runs each grid into `<out>/<name>`; stops at a signal, saying how to resume. */
export async function runGrids(grids: NamedGrid[], o: GridsOptions): Promise<GridsResult> {
  const notes = onceNotes();
  const progress = overallProgress(o, notes);
  const stop = stopOnSignals();
  const result: GridsResult = { ran: 0, failed: 0, skipped: 0, wallSeconds: 0 };
  try {
    for (const [i, g] of grids.entries()) {
      const dir = join(o.out, g.name);
      const shard = o.shard;
      let r;
      try {
        r = await runGrid(
          { config: g.config, out: dir, jobs: o.jobs, backend: o.backend, force: o.force, signal: stop.signal, record: o.record, select: shard ? (keys) => selectShard(keys, shard) : undefined },
          o.quiet ? notes : progress(g, i, grids.length),
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
      if (r.interrupted) {
        process.stderr.write(`solh: interrupted: ${result.skipped + result.ran} of ${o.total} runs of the ${o.whole} recorded in ${o.out}; run the same command${o.force ? ' without --force' : ''} to resume\n`);
        result.interruptedExit = 128 + (constants.signals[stop.received!] ?? 2);
        return result;
      }
    }
  } finally {
    stop.release();
  }
  return result;
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
