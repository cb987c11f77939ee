/**
 * A worker thread that trains runs sent by the runner. It loads TensorFlow.js (its own instance
 * and backend) only when its runs train on the tfjs training kernel: the fused steps use none of it, and
 * the records name the backend as selectBackend would have chosen it. The runner sends a group of
 * runs of one seed at a time (they train in lock step), with the seed's prepared examples when they
 * are new to this worker: the runner prepared them to check the data, and a worker reads no data
 * file. The worker sends back epoch progress (at most one report per PROGRESS_MS, the display's
 * rate), word that the group's training is over, and finished records, the group's last one
 * marked; it writes no files.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { backendWithoutTfjs, selectBackend } from '../engine/backend';
import type { Config, Protocol } from './config';
import type { PreparedData } from './prepare';
import { runGroup, RunContext } from './run-one';
import { RunKey } from './record';
import { SolhError } from '../errors';
import { adoptTables, buildTableShare, SharedTable } from './shared-tables';
import type { EpochReport } from '../train/train';

/** The live progress line is redrawn at most every 100 ms: more epoch reports would only cost messages. */
const PROGRESS_MS = 100;

export type ToWorker = { type: 'run'; keys: RunKey[]; data?: PreparedData } | { type: 'tables'; tables: SharedTable[] } | { type: 'stop' };
export type FromWorker =
  /** Started, with its share of the grid's E(p) tables (shared memory) for the other workers. */
  | { type: 'ready'; backend: string; tables: SharedTable[] }
  | { type: 'epoch'; key: RunKey; epoch: number; trainLoss: number; validationLoss: number }
  /** The group's training is over (its evaluations and records follow). */
  | { type: 'trained' }
  | { type: 'done'; record: import('./record').RunRecord; last: boolean }
  | { type: 'error'; key?: RunKey; message: string; solh: boolean; setting?: string; stack?: string };

export interface WorkerInit {
  config: Config;
  protocol: Protocol;
  configHash: string;
  dataSha256: string;
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
    let data: PreparedData | undefined; // the current seed's examples; the runner sends runs by seed
    let lastProgress = 0;
    const progress = (key: RunKey, r: EpochReport) => {
      const now = Date.now();
      if (now - lastProgress < PROGRESS_MS) return;
      lastProgress = now;
      send({ type: 'epoch', key, ...r });
    };
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
        if (m.data) data = m.data;
        if (data?.seed !== m.keys[0].seed) throw new Error(`no examples for seed ${m.keys[0].seed} came with its runs`);
        const records = runGroup(ctx, m.keys, data, progress, () => send({ type: 'trained' }));
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
