/**
 * Runs a grid: plans the runs, skips those already recorded for the same protocol, trains the rest
 * on `jobs` worker threads, and writes each record the moment it arrives.
 */
import { availableParallelism } from 'node:os';
import { SolhError } from '../errors';
import { Config, configHash as hashOf } from './config';
import { planRuns } from './grid';
import { RunKey, RunRecord, recordFileName } from './record';
import { openStore, readStore, writeRecord, describeCorrupted } from './store';
import { dataChecksum, loadConfiguredTable } from './prepare';
import { stratifiedSplit } from '../data';
import { runOnWorkers } from './worker-pool';
import type { WorkerInit } from './worker';

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
}

export type ProgressEvent =
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
}

export function defaultJobs(): number {
  return availableParallelism();
}

/** Loads the data and draws every seed's split now, so that data errors come before any training. */
function checkDataFor(c: Config): void {
  const table = loadConfiguredTable(c);
  for (const seed of c.grid.seeds) stratifiedSplit(table.labels, c.split, seed);
}

interface Plan {
  configHash: string;
  dataSha256: string;
  planned: RunKey[];
  /** The planned runs not yet recorded (all of them with --force). */
  pending: RunKey[];
  existing: RunRecord[];
}

/** Checks the data and the results folder, and lists the runs to make. */
function planGrid(o: GridOptions): Plan {
  const c = o.config;
  checkDataFor(c);
  const dataSha256 = dataChecksum(c.data.path);
  const configHash = hashOf(c, dataSha256);
  openStore(o.out);
  const existing = readStore(o.out);
  if (existing.corrupted.length && !o.force) throw new SolhError(describeCorrupted(o.out, existing.corrupted));
  const foreign = existing.records.find((r) => r.configHash !== configHash);
  if (foreign) {
    throw new SolhError(`results folder ${o.out} holds records of another protocol (config hash ${foreign.configHash}, this one is ${configHash}): use a new --out folder`);
  }
  const requested = o.backend && o.backend !== 'auto' ? o.backend : undefined;
  if (requested) refuseOtherBackend(o.out, existing.records, requested, `--backend ${requested} was asked for`);
  const all = planRuns(c);
  const planned = o.select ? o.select(all) : all;
  const done = new Set(existing.records.map((r) => recordFileName(r.key)));
  const pending = o.force ? planned : planned.filter((k) => !done.has(recordFileName(k)));
  return { configHash, dataSha256, planned, pending, existing: existing.records };
}

/** Tables never mix backends: a folder holding records of another backend is refused. */
function refuseOtherBackend(out: string, records: RunRecord[], backend: string, why: string): void {
  const other = records.find((r) => r.backend !== backend);
  if (other) {
    throw new SolhError(`results folder ${out} holds records made on backend ${other.backend}, and ${why}: use a new --out folder (tables never mix backends)`);
  }
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
function recordWriter(out: string, result: GridResult, pending: number, jobs: number, onProgress: (e: ProgressEvent) => void) {
  const timeLeft = new TimeLeft(jobs);
  return (worker: number, record: RunRecord, seconds: number): void => {
    const file = writeRecord(out, record);
    timeLeft.finished(seconds);
    result.ran++;
    if (record.status === 'failed') result.failed++;
    onProgress({ type: 'done', worker, index: result.ran, pending, record, file, etaSeconds: timeLeft.seconds(pending - result.ran) });
  };
}

export async function runGrid(o: GridOptions, onProgress: (e: ProgressEvent) => void = () => undefined): Promise<GridResult> {
  const started = Date.now();
  const plan = planGrid(o);
  const { planned, pending } = plan;
  const jobs = Math.max(1, Math.min(o.jobs ?? defaultJobs(), pending.length || 1));
  const result: GridResult = { configHash: plan.configHash, backend: o.backend ?? 'auto', total: planned.length, skipped: planned.length - pending.length, ran: 0, failed: 0, wallSeconds: 0 };
  if (pending.length === 0) {
    onProgress({ type: 'start', total: planned.length, pending: 0, skipped: result.skipped, jobs: 0, backend: '-' });
    result.wallSeconds = (Date.now() - started) / 1000;
    return result;
  }
  const init: WorkerInit = { config: o.config, configHash: plan.configHash, dataSha256: plan.dataSha256, backend: o.backend ?? 'auto' };
  // By seed, so that a worker prepares each seed's data once and holds one seed at a time.
  const queue = [...pending].sort((a, b) => a.seed - b.seed);
  let announced = false;
  const outcome = await runOnWorkers(init, queue, jobs, {
    ready: (_worker, backend) => {
      refuseOtherBackend(o.out, plan.existing, backend, `this run uses ${backend}`);
      result.backend = backend;
      if (!announced) {
        announced = true;
        onProgress({ type: 'start', total: planned.length, pending: pending.length, skipped: result.skipped, jobs, backend });
      }
    },
    epoch: (worker, key, epoch, validationLoss) => onProgress({ type: 'epoch', worker, key, epoch, validationLoss }),
    done: recordWriter(o.out, result, pending.length, jobs, onProgress),
  }, o.signal);
  if (outcome === 'aborted') result.interrupted = true;
  result.wallSeconds = (Date.now() - started) / 1000;
  return result;
}
