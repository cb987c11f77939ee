/**
 * Runs a grid: plans the runs, skips those already recorded for the same protocol, trains the rest
 * on `jobs` worker threads, and writes each record the moment it arrives.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { SolhError } from '../errors';
import { Config, configHash as hashOf } from './config';
import { planRuns } from './grid';
import { acquireLock, Lock, LOCK_FILE } from './lock';
import { RunKey, RunRecord, RecordMode, keyId, recordFileName } from './record';
import { openStore, readStore, writeRecord, describeCorrupted } from './store';
import { dataChecksum, featuresFor, FeatureSummary } from './prepare';
import type { FromWorker, WorkerInit } from './worker';

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
}

export function defaultJobs(): number {
  return availableParallelism();
}

/** Below this many rows a split's scores move by whole percents with one example. */
export const MIN_SPLIT_ROWS = 30;

/**
 * Loads the data and fits every seed's split and feature plan now, so that data errors come before
 * any training; also returns warnings about splits too small to score (fewer than MIN_SPLIT_ROWS
 * rows, or no positive).
 */
function checkDataFor(c: Config): { plans: { seed: number; summary: FeatureSummary }[]; warnings: string[] } {
  const warnings = new Map<string, number[]>();
  const plans = c.grid.seeds.map((seed) => {
    const f = featuresFor(c, seed);
    for (const part of ['train', 'validation', 'test'] as const) {
      const labels = f.parts[part].labels;
      const positives = labels.reduce((n, v) => n + v, 0);
      const why =
        labels.length < MIN_SPLIT_ROWS ? `has ${labels.length} rows (fewer than ${MIN_SPLIT_ROWS})` : positives === 0 ? `has no positive example` : undefined;
      if (!why) continue;
      const w = `the ${part} split ${why}`;
      warnings.set(w, [...(warnings.get(w) ?? []), seed]);
    }
    return { seed, summary: f.summary };
  });
  return {
    plans,
    warnings: [...warnings].map(
      ([w, seeds]) =>
        `warning: ${w} for seed${seeds.length > 1 ? 's' : ''} ${seeds.slice(0, 5).join(', ')}${seeds.length > 5 ? ', …' : ''}: its scores say little; raise split.${w.split(' ')[1]} or use more data`,
    ),
  };
}

export async function runGrid(o: GridOptions, onProgress: (e: ProgressEvent) => void = () => undefined): Promise<GridResult> {
  const started = Date.now();
  const c = o.config;
  const all = planRuns(c);
  const { plans, warnings } = checkDataFor(c);
  const dataSha256 = dataChecksum(c.data.path);
  const configHash = hashOf(c, dataSha256);
  const created = !existsSync(o.out);
  openStore(o.out);
  let lock: Lock | undefined;
  try {
    lock = await acquireLock(o.out, configHash, {
      signal: o.signal,
      onWait: (h) => onProgress({ type: 'note', message: `waiting for pid ${h.pid}, which is writing the same protocol to ${o.out}; then only the runs it did not record are trained` }),
    });
    if (!lock) {
      // Interrupted while waiting.
      return { configHash, backend: o.backend ?? 'auto', total: 0, skipped: 0, ran: 0, failed: 0, wallSeconds: (Date.now() - started) / 1000, interrupted: true };
    }
    onProgress({ type: 'plan', plans });
    for (const message of warnings) onProgress({ type: 'note', message });
    return await gridInFolder(o, onProgress, { started, all, dataSha256, configHash });
  } finally {
    lock?.release();
    // A first run into a new folder that failed or stopped before writing a record leaves no folder behind.
    if (created) removeIfEmpty(o.out);
  }
}

/** Removes a folder holding nothing but our lock (a failed or interrupted first run into it). */
function removeIfEmpty(dir: string): void {
  try {
    const left = readdirSync(dir).filter((f) => f !== LOCK_FILE);
    if (left.length === 0) rmSync(dir, { recursive: true, force: true });
  } catch {
    /* gone already */
  }
}

async function gridInFolder(
  o: GridOptions,
  onProgress: (e: ProgressEvent) => void,
  p: { started: number; all: RunKey[]; dataSha256: string; configHash: string },
): Promise<GridResult> {
  const { started, all, dataSha256, configHash } = p;
  const c = o.config;
  const existing = readStore(o.out);
  if (existing.corrupted.length && !o.force) throw new SolhError(describeCorrupted(o.out, existing.corrupted));
  const foreign = existing.records.find((r) => r.configHash !== configHash);
  if (foreign) {
    throw new SolhError(`results folder ${o.out} holds records of another protocol (config hash ${foreign.configHash}, this one is ${configHash}): use a new --out folder`);
  }
  const requested = o.backend && o.backend !== 'auto' ? o.backend : undefined;
  const otherBackend = requested && existing.records.find((r) => r.backend !== requested);
  if (otherBackend) {
    throw new SolhError(`results folder ${o.out} holds records made on backend ${otherBackend.backend}, and --backend ${requested} was asked for: use a new --out folder (tables never mix backends)`);
  }
  const planned = o.select ? o.select(all) : all;
  const done = new Set(existing.records.map((r) => recordFileName(r.key)));
  const pending = o.force ? planned : planned.filter((k) => !done.has(recordFileName(k)));
  const cores = defaultJobs();
  if ((o.jobs ?? cores) > cores) {
    onProgress({ type: 'note', message: `note: --jobs ${o.jobs} is more than the ${cores} cores of this machine: using ${cores} (more jobs would share cores, run slower and use more memory)` });
  }
  const jobs = Math.max(1, Math.min(o.jobs ?? cores, cores, pending.length || 1));
  const result: GridResult = { configHash, backend: o.backend ?? 'auto', total: planned.length, skipped: planned.length - pending.length, ran: 0, failed: 0, wallSeconds: 0 };
  if (pending.length === 0) {
    onProgress({ type: 'start', total: planned.length, pending: 0, skipped: result.skipped, jobs: 0, backend: '-' });
    result.wallSeconds = (Date.now() - started) / 1000;
    return result;
  }

  const init: WorkerInit = { config: c, configHash, dataSha256, backend: o.backend ?? 'auto' };
  const workerFile = join(__dirname, 'worker.js');
  if (!existsSync(workerFile)) throw new Error(`worker script missing: ${workerFile}`);
  // By seed, so that a worker prepares each seed's data once and holds one seed at a time.
  const queue = [...pending].sort((a, b) => a.seed - b.seed);
  const durations: number[] = [];
  let announced = false;

  await new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    let live = jobs;
    let failed = false;
    const stopAll = () => workers.forEach((w) => void w.terminate());
    const startedAt = new Map<Worker, number>();
    const next = (w: Worker) => {
      const key = queue.shift();
      if (!key) {
        w.postMessage({ type: 'stop' });
        return;
      }
      startedAt.set(w, Date.now());
      w.postMessage({ type: 'run', key });
    };
    for (let i = 0; i < jobs; i++) {
      const w = new Worker(workerFile, { workerData: init });
      workers.push(w);
      w.on('message', (m: FromWorker) => {
        if (failed) return;
        switch (m.type) {
          case 'ready': {
            const other = existing.records.find((r) => r.backend !== m.backend);
            if (other) {
              failed = true;
              stopAll();
              reject(new SolhError(`results folder ${o.out} holds records made on backend ${other.backend}, and this run uses ${m.backend}: use a new --out folder (tables never mix backends)`));
              return;
            }
            result.backend = m.backend;
            if (!announced) {
              announced = true;
              onProgress({ type: 'start', total: planned.length, pending: pending.length, skipped: result.skipped, jobs, backend: m.backend });
            }
            next(w);
            break;
          }
          case 'epoch':
            onProgress({ type: 'epoch', worker: i, key: m.key, epoch: m.epoch, validationLoss: m.validationLoss });
            break;
          case 'done': {
            let file: string;
            try {
              file = writeRecord(o.out, m.record, o.record);
            } catch (e) {
              // Thrown inside an event handler it would escape the promise as an uncaught exception.
              failed = true;
              stopAll();
              reject(e);
              return;
            }
            durations.push((Date.now() - startedAt.get(w)!) / 1000);
            result.ran++;
            if (m.record.status === 'failed') result.failed++;
            const left = pending.length - result.ran;
            const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
            onProgress({ type: 'done', worker: i, index: result.ran, pending: pending.length, record: m.record, file, etaSeconds: (mean * left) / jobs });
            next(w);
            break;
          }
          case 'error':
            failed = true;
            stopAll();
            reject(m.solh ? new SolhError(m.message) : Object.assign(new Error(`${m.key ? keyId(m.key) + ': ' : ''}${m.message}`), { stack: m.stack }));
            break;
        }
      });
      w.on('error', (e) => {
        if (failed) return;
        failed = true;
        stopAll();
        reject(e);
      });
      w.on('exit', (code) => {
        if (code !== 0 && !failed) {
          failed = true;
          stopAll();
          reject(new Error(`worker ${i} exited with code ${code} before the grid finished`));
          return;
        }
        if (--live === 0 && !failed) resolve();
      });
    }
    const abort = () => {
      if (failed) return;
      failed = true;
      result.interrupted = true;
      stopAll();
      resolve();
    };
    if (o.signal?.aborted) abort();
    else o.signal?.addEventListener('abort', abort, { once: true });
  });
  result.wallSeconds = (Date.now() - started) / 1000;
  return result;
}
