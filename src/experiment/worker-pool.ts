/**
 * Scheduling runs on worker threads. `startWorkers` starts `jobs` workers at once, so that they load
 * their code and build the grid's E(p) tables while the runner still checks the data and the
 * results folder; `run` then hands each worker the next group of runs (runs of one seed, trained in
 * lock step) from one queue when it is ready or has finished training its group (while the
 * group's records are still being written), with the seed's prepared data. The pool knows
 * nothing of records or files: it reports through handlers, and a handler that throws stops every
 * worker and fails the pool with that error. Aborting (the signal) stops the workers at once and
 * resolves with 'aborted'.
 */
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { SolhError } from '../errors';
import { RunKey, RunRecord, keyId } from './record';
import type { FromWorker, ToWorker, WorkerData, WorkerInit } from './worker';
import type { SharedTable } from './shared-tables';
import type { PreparedData } from './prepare';

export interface PoolHandlers {
  /** A worker started its backend (named as in settings). */
  ready(worker: number, backend: string): void;
  epoch(worker: number, key: RunKey, epoch: number, validationLoss: number): void;
  /** A run finished; it took `seconds` on its worker (its share of a lock-step group's training, and its evaluation). */
  done(worker: number, record: RunRecord, seconds: number): void;
}

export interface WorkerPool {
  /** Trains the queue's groups; `dataFor(seed)` gives a seed's examples (sent with its first group to each worker). */
  run(queue: RunKey[][], dataFor: (seed: number) => PreparedData, handlers: PoolHandlers, signal?: AbortSignal): Promise<'finished' | 'aborted'>;
  /** Stops every worker (a pool never run must be closed); a `run` still going resolves 'aborted'. */
  close(): void;
}

/**
 * The E(p) tables (shared memory) of the last pool's grid, handed to the next pool's workers, who
 * then build only the tables they lack: a sweep or a benchmark suite runs many grids in one process,
 * most of them reading the same tables. Only the last grid's are kept (a sweep over δ would
 * otherwise gather a set per value).
 */
let lastTables: SharedTable[] = [];

interface Session {
  queue: RunKey[][];
  dataFor: (seed: number) => PreparedData;
  handlers: PoolHandlers;
  resolve(outcome: 'finished' | 'aborted'): void;
  reject(e: unknown): void;
  detach(): void;
}

export function startWorkers(init: WorkerInit, jobs: number): WorkerPool {
  const workerFile = join(__dirname, 'worker.js');
  if (!existsSync(workerFile)) throw new Error(`worker script missing: ${workerFile}`);
  const workers: Worker[] = [];
  const backends: (string | undefined)[] = [];
  const tables: SharedTable[][] = [];
  const seedSent: (number | undefined)[] = [];
  const handedOn: boolean[] = []; // worker i has its next group already (see 'trained')
  let ready = 0;
  let live = jobs;
  let session: Session | undefined;
  let early: unknown; // an error before `run`: run rejects with it
  let over = false; // failed, aborted or closed: later messages are ignored
  let started = false; // the first groups were handed out
  const stopAll = () => workers.forEach((w) => void w.terminate());
  const fail = (e: unknown) => {
    if (over) return;
    over = true;
    stopAll();
    if (session) {
      session.detach();
      session.reject(e);
    } else early = e;
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
  const post = (w: Worker, m: ToWorker) => w.postMessage(m);
  const next = (i: number) => {
    const s = session!;
    const keys = s.queue.shift();
    if (!keys) {
      post(workers[i], { type: 'stop' });
      return;
    }
    const seed = keys[0].seed;
    let data: PreparedData | undefined;
    if (!guarded(() => (data = seedSent[i] === seed ? undefined : s.dataFor(seed)))) return;
    seedSent[i] = seed;
    post(workers[i], { type: 'run', keys, data });
  };
  /** Once every worker is ready and `run` was called, each worker gets its first group. */
  const startIfReady = () => {
    if (started || over || !session || ready < jobs) return;
    started = true;
    for (let i = 0; i < jobs; i++) next(i);
  };
  for (let i = 0; i < jobs; i++) {
    const workerData: WorkerData = { ...init, index: i, workers: jobs, tables: lastTables };
    let w: Worker;
    try {
      w = new Worker(workerFile, { workerData });
    } catch (e) {
      stopAll(); // the ones started before
      throw e;
    }
    workers.push(w);
    w.on('message', (m: FromWorker) => {
      if (over) return;
      switch (m.type) {
        case 'ready':
          backends[i] = m.backend;
          tables[i] = m.tables;
          if (session && !guarded(() => session!.handlers.ready(i, m.backend))) break;
          // Each worker builds a share of the E(p) tables; runs start when every worker has all of them.
          if (++ready === jobs) {
            lastTables = tables.flat();
            workers.forEach((other, j) => post(other, { type: 'tables', tables: tables.filter((_, k) => k !== j).flat() }));
          }
          startIfReady();
          break;
        case 'epoch':
          if (session) guarded(() => session!.handlers.epoch(i, m.key, m.epoch, m.validationLoss));
          break;
        case 'trained':
          // The next group goes out now, not after this one's records are written (fsync each):
          // the worker would wait for them. The last 'stop' still waits for the records.
          if (session && session.queue.length > 0) {
            handedOn[i] = true;
            next(i);
          }
          break;
        case 'done':
          if (session && guarded(() => session!.handlers.done(i, m.record, m.record.run.wallSeconds)) && m.last) {
            if (handedOn[i]) handedOn[i] = false;
            else next(i);
          }
          break;
        case 'error':
          fail(m.solh ? new SolhError(m.message, { setting: m.setting }) : Object.assign(new Error(`${m.key ? keyId(m.key) + ': ' : ''}${m.message}`), { stack: m.stack }));
          break;
      }
    });
    w.on('error', fail);
    w.on('exit', (code) => {
      if (code !== 0) fail(new Error(`worker ${i} exited with code ${code} before the grid finished`));
      else if (--live === 0 && !over && session) {
        over = true;
        session.detach();
        session.resolve('finished');
      }
    });
  }
  return {
    run(queue, dataFor, handlers, signal) {
      if (session) throw new Error('a worker pool runs one queue');
      return new Promise((resolve, reject) => {
        if (early !== undefined) {
          reject(early);
          return;
        }
        if (over) {
          resolve('aborted');
          return;
        }
        const abort = () => {
          if (over) return;
          over = true;
          stopAll();
          resolve('aborted');
        };
        // The signal outlives the pool (a sweep runs many grids on one): its listener goes with the pool.
        session = { queue, dataFor, handlers, resolve, reject, detach: () => signal?.removeEventListener('abort', abort) };
        if (signal?.aborted) {
          abort();
          return;
        }
        signal?.addEventListener('abort', abort, { once: true });
        // Workers that became ready before `run` are announced now.
        for (let i = 0; i < jobs && !over; i++) {
          const backend = backends[i];
          if (backend !== undefined) guarded(() => handlers.ready(i, backend));
        }
        startIfReady();
      });
    },
    close() {
      if (over) return;
      over = true;
      stopAll();
      if (session) {
        session.detach();
        session.resolve('aborted');
      }
    },
  };
}
