/**
 * Scheduling runs on worker threads: `jobs` workers, each handed the next group of runs (runs of
 * one seed, trained in lock step) from one queue when it is ready or has finished its group. The pool knows nothing of records or files: it reports through
 * handlers, and a handler that throws stops every worker and fails the pool with that error.
 * Aborting (the signal) stops the workers at once and resolves with 'aborted'.
 */
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { SolhError } from '../errors';
import { RunKey, RunRecord, keyId } from './record';
import type { FromWorker, WorkerData, WorkerInit } from './worker';
import type { SharedTable } from './shared-tables';

export interface PoolHandlers {
  /** A worker started its backend (named as in settings). */
  ready(worker: number, backend: string): void;
  epoch(worker: number, key: RunKey, epoch: number, validationLoss: number): void;
  /** A run finished; it took `seconds` on its worker (its share of a lock-step group's training, and its evaluation). */
  done(worker: number, record: RunRecord, seconds: number): void;
}

/**
 * The E(p) tables (shared memory) of the last pool's grid, handed to the next pool's workers, who
 * then build only the tables they lack: a sweep or a benchmark suite runs many grids in one process,
 * most of them reading the same tables. Only the last grid's are kept (a sweep over δ would
 * otherwise gather a set per value).
 */
let lastTables: SharedTable[] = [];

export function runOnWorkers(
  init: WorkerInit,
  queue: RunKey[][],
  jobs: number,
  handlers: PoolHandlers,
  signal?: AbortSignal,
): Promise<'finished' | 'aborted'> {
  const workerFile = join(__dirname, 'worker.js');
  if (!existsSync(workerFile)) throw new Error(`worker script missing: ${workerFile}`);
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let live = jobs;
    let over = false; // failed or aborted: later messages are ignored
    const stopAll = () => workers.forEach((w) => void w.terminate());
    // The signal outlives the pool (a sweep runs many grids on one): its listener goes with the pool.
    const detach = () => signal?.removeEventListener('abort', abort);
    const fail = (e: unknown) => {
      if (over) return;
      over = true;
      detach();
      stopAll();
      reject(e);
    };
    /** Runs a handler; its error fails the pool (thrown inside an event it would escape the promise). */
    const guarded = (f: () => void): boolean => {
      try {
        f();
        return true;
      } catch (e) {
        fail(e);
        return false;
      }
    };
    const next = (w: Worker) => {
      const keys = queue.shift();
      if (!keys) {
        w.postMessage({ type: 'stop' });
        return;
      }
      w.postMessage({ type: 'run', keys });
    };
    // Each worker builds a share of the E(p) tables; runs start when every worker has all of them.
    const tables: SharedTable[][] = [];
    let ready = 0;
    for (let i = 0; i < jobs; i++) {
      const workerData: WorkerData = { ...init, index: i, workers: jobs, tables: lastTables };
      const w = new Worker(workerFile, { workerData });
      workers.push(w);
      w.on('message', (m: FromWorker) => {
        if (over) return;
        switch (m.type) {
          case 'ready':
            if (!guarded(() => handlers.ready(i, m.backend))) break;
            tables[i] = m.tables;
            if (++ready === jobs) {
              lastTables = tables.flat();
              workers.forEach((other, j) => {
                other.postMessage({ type: 'tables', tables: tables.filter((_, k) => k !== j).flat() });
                next(other);
              });
            }
            break;
          case 'epoch':
            guarded(() => handlers.epoch(i, m.key, m.epoch, m.validationLoss));
            break;
          case 'done':
            if (guarded(() => handlers.done(i, m.record, m.record.run.wallSeconds)) && m.last) next(w);
            break;
          case 'error':
            fail(m.solh ? new SolhError(m.message, { setting: m.setting }) : Object.assign(new Error(`${m.key ? keyId(m.key) + ': ' : ''}${m.message}`), { stack: m.stack }));
            break;
        }
      });
      w.on('error', fail);
      w.on('exit', (code) => {
        if (code !== 0) fail(new Error(`worker ${i} exited with code ${code} before the grid finished`));
        else if (--live === 0 && !over) {
          detach();
          resolve('finished');
        }
      });
    }
    const abort = () => {
      if (over) return;
      over = true;
      stopAll();
      resolve('aborted');
    };
    if (signal?.aborted) abort();
    else signal?.addEventListener('abort', abort, { once: true });
  });
}
