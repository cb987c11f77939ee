/**
 * A worker thread that trains runs sent by the runner. It loads TensorFlow.js (its own instance
 * and backend) only when its runs train on the tfjs training kernel: the fused steps use none of it, and
 * the records name the backend as selectBackend would have chosen it. The runner sends a group of runs of one seed at a time (they train in lock
 * step); the worker sends back epoch progress and finished records, the group's last one marked;
 * it writes no files.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { backendWithoutTfjs, selectBackend } from '../engine/backend';
import type { Config, Protocol } from './config';
import { DataSource, prepareData, PreparedData } from './prepare';
import { runGroup, RunContext } from './run-one';
import { RunKey } from './record';
import { SolhError } from '../errors';
import { adoptTables, buildTableShare, SharedTable } from './shared-tables';

export type ToWorker = { type: 'run'; keys: RunKey[] } | { type: 'tables'; tables: SharedTable[] } | { type: 'stop' };
export type FromWorker =
  /** Started, with its share of the grid's E(p) tables (shared memory) for the other workers. */
  | { type: 'ready'; backend: string; tables: SharedTable[] }
  | { type: 'epoch'; key: RunKey; epoch: number; trainLoss: number; validationLoss: number }
  | { type: 'done'; record: import('./record').RunRecord; last: boolean }
  | { type: 'error'; key?: RunKey; message: string; solh: boolean; setting?: string; stack?: string };

export interface WorkerInit {
  config: Config;
  protocol: Protocol;
  configHash: string;
  dataSha256: string;
  /** The data file's text as the runner read and hashed it: workers never read the file themselves. */
  dataText: string;
  backend: string;
}

/** What the pool gives a worker: the grid's settings, which of how many workers it is, and the tables the last grid's workers built. */
export interface WorkerData extends WorkerInit {
  index: number;
  workers: number;
  tables: SharedTable[];
}

async function serve(): Promise<void> {
  const port = parentPort!;
  const init = workerData as WorkerData;
  const send = (m: FromWorker) => port.postMessage(m);
  try {
    const needsTfjs = init.config.training.kernel === 'tfjs';
    const backend = (!needsTfjs && backendWithoutTfjs(init.backend)) || (await selectBackend(init.backend));
    const ctx: RunContext = { config: init.config, protocol: init.protocol, configHash: init.configHash, dataSha256: init.dataSha256, backend };
    const source: DataSource = { path: init.config.data.path, text: init.dataText, sha256: init.dataSha256 };
    let data: PreparedData | undefined; // the current seed's examples; the runner sends runs by seed
    adoptTables(init.tables);
    send({ type: 'ready', backend, tables: buildTableShare(init.config, init.index, init.workers) });
    port.on('message', (m: ToWorker) => {
      if (m.type === 'stop') {
        port.close();
        return;
      }
      if (m.type === 'tables') {
        adoptTables(m.tables);
        return;
      }
      try {
        const seed = m.keys[0].seed;
        if (data?.seed !== seed) {
          data = prepareData(init.config, seed, source);
        }
        const records = runGroup(ctx, m.keys, data, (key, r) => send({ type: 'epoch', key, ...r }));
        records.forEach((record, i) => send({ type: 'done', record, last: i === records.length - 1 }));
      } catch (e) {
        send({ type: 'error', key: m.keys.length === 1 ? m.keys[0] : undefined, message: (e as Error).message, solh: e instanceof SolhError, setting: e instanceof SolhError ? e.setting : undefined, stack: (e as Error).stack });
      }
    });
  } catch (e) {
    send({ type: 'error', message: (e as Error).message, solh: e instanceof SolhError, setting: e instanceof SolhError ? e.setting : undefined, stack: (e as Error).stack });
  }
}

void serve();
