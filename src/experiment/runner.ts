/**
 * Runs a grid: plans the runs, skips those already recorded for the same protocol, trains the rest
 * on `jobs` worker threads, and writes each record the moment it arrives; lean lines are compacted
 * at the end, all under the folder's lock.
 */
import { requireRelaxedSimd } from '../model/dense-wasm';
import { availableParallelism } from 'node:os';
import { existsSync, readdirSync, rmdirSync } from 'node:fs';
import { SolhError } from '../errors';
import { Config, canonical, configHash as hashOf, protocolOf } from './config';
import { planRuns } from './grid';
import { acquireLock, describeHolder, Lock } from '../store/lock';
import { RunKey, RunRecord, RecordMode, recordFileName } from './record';
import { openStore, readStore, writeRecord, describeCorrupted } from '../store/store';
import { compactLean } from '../store/lean-store';
import { DataSource, FeatureSummary, prepareData, PreparedData, readDataSource } from './prepare';
import { startWorkers, WorkerPool } from './worker-pool';

export interface GridOptions {
  config: Config;
  out: string;
  jobs?: number;
  backend?: string;
  force?: boolean;
  /** Only these runs of the plan (for sharding and tests). */
  select?: (keys: RunKey[]) => RunKey[];
  /** Aborting stops the workers at once; records already written stay, and the result says `interrupted`. */
  signal?: AbortSignal;
  /** full: one JSON file per run; lean: one JSON line per run, without history and curves. */
  record?: RecordMode;
  /** Return the folder's records of this config after the grid (GridResult.records), so that a caller printing them need not read them back. */
  keepRecords?: boolean;
}

export type ProgressEvent =
  | { type: 'plan'; plans: { seed: number; summary: FeatureSummary }[] }
  /** Something the user should know before the runs start (a capped job count, a tiny split, a wait). */
  | { type: 'note'; message: string }
  | { type: 'start'; total: number; pending: number; skipped: number; jobs: number; backend: string }
  | { type: 'epoch'; worker: number; key: RunKey; epoch: number; validationLoss: number }
  | { type: 'done'; worker: number; index: number; pending: number; record: RunRecord; file: string; etaSeconds: number };

export interface GridResult {
  configHash: string;
  backend: string;
  total: number;
  skipped: number;
  ran: number;
  failed: number;
  wallSeconds: number;
  /** Stopped by `signal` before every run finished. */
  interrupted?: boolean;
  /** With keepRecords: the records found in the folder (less those trained again) and those written, as full records. */
  records?: RunRecord[];
}

export function defaultJobs(): number {
  return availableParallelism();
}

/** Below this many rows a split's scores move by whole percents with one example. */
const MIN_SPLIT_ROWS = 30;

/**
 * Loads the data and prepares every seed's examples now (split, feature plan, scaling), so that
 * data errors come before any training and the workers get examples ready to train on; also
 * returns warnings about splits too small to score (fewer than MIN_SPLIT_ROWS rows, or no positive).
 */
function checkDataFor(c: Config, source: DataSource): { plans: { seed: number; summary: FeatureSummary }[]; prepared: Map<number, PreparedData>; warnings: string[] } {
  const warnings = new Map<string, number[]>();
  const prepared = new Map<number, PreparedData>();
  const plans = c.grid.seeds.map((seed) => {
    const data = prepareData(c, seed, source);
    prepared.set(seed, data);
    for (const part of ['train', 'validation', 'test'] as const) {
      const labels = data[part].labels;
      const positives = labels.reduce((n, v) => n + v, 0);
      const why =
        labels.length < MIN_SPLIT_ROWS ? `has ${labels.length} rows (fewer than ${MIN_SPLIT_ROWS})` : positives === 0 ? `has no positive example` : undefined;
      if (!why) continue;
      const w = `the ${part} split ${why}`;
      warnings.set(w, [...(warnings.get(w) ?? []), seed]);
    }
    return { seed, summary: data.features };
  });
  return {
    plans,
    prepared,
    warnings: [...warnings].map(
      ([w, seeds]) =>
        `warning: ${w} for seed${seeds.length > 1 ? 's' : ''} ${seeds.slice(0, 5).join(', ')}${seeds.length > 5 ? ', …' : ''}: its scores say little; raise split.${w.split(' ')[1]} or use more data`,
    ),
  };
}

interface Plan {
  configHash: string;
  /** The data as read once: its checksum goes into every record, its examples to every worker. */
  source: DataSource;
  prepared: Map<number, PreparedData>;
  planned: RunKey[];
  /** The planned runs not yet recorded (all of them with --force). */
  pending: RunKey[];
  existing: RunRecord[];
}

/** Checks the results folder (held under our lock) and lists the runs to make. */
function planGrid(o: GridOptions, all: RunKey[], configHash: string, source: DataSource, prepared: Map<number, PreparedData>): Plan {
  const existing = readStore(o.out);
  if (existing.corrupted.length && !o.force) throw new SolhError(describeCorrupted(o.out, existing.corrupted));
  const foreign = existing.records.find((r) => r.configHash !== configHash);
  if (foreign) {
    // The same settings on other bytes: the data file was edited (or replaced) since those runs.
    if (foreign.dataSha256 !== source.sha256 && canonical(foreign.protocol) === canonical(protocolOf(o.config))) {
      throw new SolhError(
        `results folder ${o.out} holds records of the same protocol on other data: ${o.config.data.path} has changed since they were made (checksum ${foreign.dataSha256.slice(0, 12)}… then, ${source.sha256.slice(0, 12)}… now): restore the file, or use a new --out folder for the new data`,
      );
    }
    throw new SolhError(`results folder ${o.out} holds records of another protocol (config hash ${foreign.configHash}, this one is ${configHash}): use a new --out folder`);
  }
  const requested = o.backend && o.backend !== 'auto' ? o.backend : undefined;
  if (requested) refuseOtherBackend(o.out, existing.records, requested, `--backend ${requested} was asked for`);
  const planned = o.select ? o.select(all) : all;
  const done = new Set(existing.records.map((r) => recordFileName(r.key)));
  const pending = o.force ? planned : planned.filter((k) => !done.has(recordFileName(k)));
  return { configHash, source, prepared, planned, pending, existing: existing.records };
}

/** Tables never mix backends: a folder holding records of another backend is refused. */
function refuseOtherBackend(out: string, records: RunRecord[], backend: string, why: string): void {
  const other = records.find((r) => r.backend !== backend);
  if (other) {
    throw new SolhError(`results folder ${out} holds records made on backend ${other.backend}, and ${why}: use a new --out folder (tables never mix backends)`);
  }
}

/** Jobs: as asked, at most one per core (with a note when capped) and one per pending run. */
function chooseJobs(asked: number | undefined, pending: number, onProgress: (e: ProgressEvent) => void): number {
  const cores = defaultJobs();
  if ((asked ?? cores) > cores) {
    onProgress({ type: 'note', message: `note: --jobs ${asked} is more than the ${cores} cores of this machine: using ${cores} (more jobs would share cores, run slower and use more memory)` });
  }
  return Math.max(1, Math.min(asked ?? cores, cores, pending || 1));
}

/** Time left: the mean duration of the runs finished so far, times the runs left, over the workers. */
class TimeLeft {
  private total = 0;
  private count = 0;
  constructor(private readonly jobs: number) {}
  finished(seconds: number): void {
    this.total += seconds;
    this.count++;
  }
  seconds(left: number): number {
    return ((this.total / this.count) * left) / this.jobs;
  }
}

/** Writes each record the moment it arrives, counts it, and reports it. */
function recordWriter(o: GridOptions, lock: Lock, result: GridResult, pending: number, jobs: number, onProgress: (e: ProgressEvent) => void) {
  const timeLeft = new TimeLeft(jobs);
  return (worker: number, record: RunRecord, seconds: number): void => {
    const file = writeRecord(lock, record, o.record);
    result.records?.push(record);
    timeLeft.finished(seconds);
    result.ran++;
    if (record.status === 'failed') result.failed++;
    onProgress({ type: 'done', worker, index: result.ran, pending, record, file, etaSeconds: timeLeft.seconds(pending - result.ran) });
  };
}

export async function runGrid(o: GridOptions, onProgress: (e: ProgressEvent) => void = () => undefined): Promise<GridResult> {
  const started = Date.now();
  const c = o.config;
  // Before any folder or worker: a runtime without relaxed SIMD fails here, with how to enable it.
  if (c.training.fma === 'on') requireRelaxedSimd('training.fma "on"');
  const all = planRuns(c);
  // Read once: the checksum in every record is that of the bytes every worker trains on.
  const source = readDataSource(c.data.path);
  const dataSha256 = source.sha256;
  const configHash = hashOf(c, dataSha256);
  // The workers load their code and build the E(p) tables while the data and the folder are checked
  // (unless every run seems recorded already: then they start only if the folder says otherwise).
  const selected = o.select ? o.select(all) : all;
  const jobs = chooseJobs(o.jobs, selected.length, onProgress);
  const start = () => startWorkers({ config: c, protocol: protocolOf(c), configHash, dataSha256, backend: o.backend ?? 'auto' }, jobs);
  let pool = !o.force && recordFilesOf(o.out, selected) ? undefined : start();
  let created = false;
  let lock: Lock | undefined;
  try {
    const { plans, prepared, warnings } = checkDataFor(c, source);
    created = !existsSync(o.out);
    openStore(o.out);
    lock = await acquireLock(o.out, configHash, {
      signal: o.signal,
      onWait: (h) => onProgress({ type: 'note', message: `waiting for ${describeHolder(h)}, which is writing the same protocol to ${o.out}; then only the runs it did not record are trained` }),
      onTakeOver: (h, why) => onProgress({ type: 'note', message: `note: took over the stale lock of pid ${h.pid} on ${h.host} in ${o.out} (${why})` }),
    });
    if (!lock) {
      // Interrupted while waiting.
      return { configHash, backend: o.backend ?? 'auto', total: 0, skipped: 0, ran: 0, failed: 0, wallSeconds: (Date.now() - started) / 1000, interrupted: true };
    }
    onProgress({ type: 'plan', plans });
    for (const message of warnings) onProgress({ type: 'note', message });
    const plan = planGrid(o, all, configHash, source, prepared);
    if (!pool && plan.pending.length > 0) pool = start();
    const result = await trainPending(o, lock, pool, jobs, plan, started, onProgress);
    // Still under the lock: a writer waiting for the folder appends only after the lines are moved.
    if (o.record === 'lean' && !result.interrupted) compactLean(lock);
    return result;
  } finally {
    pool?.close();
    lock?.release();
    // A first run into a new folder that failed or stopped before writing a record leaves no folder
    // behind; only a writer that held the lock may remove it, and only if nothing else is in it
    // (another writer's lock or records keep it).
    if (created && lock) removeIfEmpty(o.out);
  }
}

/** Whether the folder has a record file for every run (a cheap look before the lock; the plan decides). */
function recordFilesOf(out: string, keys: RunKey[]): boolean {
  let names: Set<string>;
  try {
    names = new Set(readdirSync(out));
  } catch {
    return false;
  }
  return keys.every((k) => names.has(recordFileName(k)));
}

/** Removes a folder if it is empty (rmdir refuses a folder with anything in it). */
function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    /* not empty, or gone already */
  }
}

/**
 * The runs in groups of one seed, which a worker trains in lock step, by seed (a worker prepares a
 * seed's data once). With fewer seeds than twice the workers, a seed's runs are split into parts
 * so that every worker has about two groups to train (3 seeds on 2 workers: 6 groups of 9–10).
 * With whole seeds as groups, the last round's `jobs` groups are halved: a worker that finishes
 * first then idles for at most half a seed's runs, not a whole one (30 seeds on 2 workers,
 * simulated with the committed records' epochs: 2.1 % of the cores' time idle before, 0.1 % after).
 */
export function lockstepGroups(pending: RunKey[], jobs: number): RunKey[][] {
  const bySeed = new Map<number, RunKey[]>();
  for (const k of [...pending].sort((a, b) => a.seed - b.seed)) bySeed.set(k.seed, [...(bySeed.get(k.seed) ?? []), k]);
  const parts = Math.max(1, Math.ceil((2 * jobs) / Math.max(1, bySeed.size)));
  const groups: RunKey[][] = [];
  for (const keys of bySeed.values()) {
    const size = Math.ceil(keys.length / Math.min(parts, keys.length));
    for (let i = 0; i < keys.length; i += size) groups.push(keys.slice(i, i + size));
  }
  if (parts === 1 && jobs > 1) {
    for (const g of groups.splice(-jobs)) {
      const half = Math.ceil(g.length / 2);
      groups.push(...[g.slice(0, half), g.slice(half)].filter((h) => h.length > 0));
    }
  }
  return groups;
}

/** Trains the plan's pending runs on the pool's workers, writing each record as it arrives. */
async function trainPending(o: GridOptions, lock: Lock, pool: WorkerPool | undefined, jobs: number, plan: Plan, started: number, onProgress: (e: ProgressEvent) => void): Promise<GridResult> {
  const { planned, pending } = plan;
  const result: GridResult = { configHash: plan.configHash, backend: o.backend ?? 'auto', total: planned.length, skipped: planned.length - pending.length, ran: 0, failed: 0, wallSeconds: 0 };
  if (o.keepRecords) {
    const again = new Set(pending.map(recordFileName));
    result.records = plan.existing.filter((r) => !again.has(recordFileName(r.key)));
  }
  if (pending.length === 0) {
    onProgress({ type: 'start', total: planned.length, pending: 0, skipped: result.skipped, jobs: 0, backend: '-' });
    result.wallSeconds = (Date.now() - started) / 1000;
    return result;
  }
  // Workers beyond one per pending run are stopped by the empty queue.
  const working = Math.min(jobs, pending.length);
  const queue = lockstepGroups(pending, working);
  const dataFor = (seed: number): PreparedData => {
    const data = plan.prepared.get(seed);
    if (!data) throw new Error(`no prepared examples for seed ${seed}`);
    return data;
  };
  let announced = false;
  // runGrid started the pool when the plan had pending runs.
  const outcome = await pool!.run(queue, dataFor, {
    ready: (_worker, backend) => {
      refuseOtherBackend(o.out, plan.existing, backend, `this run uses ${backend}`);
      result.backend = backend;
      if (!announced) {
        announced = true;
        onProgress({ type: 'start', total: planned.length, pending: pending.length, skipped: result.skipped, jobs: working, backend });
      }
    },
    epoch: (worker, key, epoch, validationLoss) => onProgress({ type: 'epoch', worker, key, epoch, validationLoss }),
    done: recordWriter(o, lock, result, pending.length, working, onProgress),
  }, o.signal);
  if (outcome === 'aborted') result.interrupted = true;
  result.wallSeconds = (Date.now() - started) / 1000;
  return result;
}
