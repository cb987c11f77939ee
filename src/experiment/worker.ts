/**
 * A worker thread that trains runs sent by the runner, each worker with its own TensorFlow.js
 * instance and backend. It sends back epoch progress and finished records; it writes no files.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../engine/backend';
import { Config } from './config';
import { DataSource, prepareData, PreparedData } from './prepare';
import { runOne, RunContext } from './run-one';
import { RunKey } from './record';
import { SolhError } from '../errors';

export type ToWorker = { type: 'run'; key: RunKey } | { type: 'stop' };
export type FromWorker =
  | { type: 'ready'; backend: string }
  | { type: 'epoch'; key: RunKey; epoch: number; trainLoss: number; validationLoss: number }
  | { type: 'done'; record: import('./record').RunRecord }
  | { type: 'error'; key?: RunKey; message: string; solh: boolean; stack?: string };

export interface WorkerInit {
  config: Config;
  configHash: string;
  dataSha256: string;
  /** The data file's text as the runner read and hashed it: workers never read the file themselves. */
  dataText: string;
  backend: string;
}

async function serve(): Promise<void> {
  const port = parentPort!;
  const init = workerData as WorkerInit;
  const send = (m: FromWorker) => port.postMessage(m);
  try {
    const backend = await selectBackend(init.backend);
    const ctx: RunContext = { config: init.config, configHash: init.configHash, dataSha256: init.dataSha256, backend };
    const source: DataSource = { path: init.config.data.path, text: init.dataText, sha256: init.dataSha256 };
    let data: PreparedData | undefined; // the current seed's examples; the runner sends runs by seed
    send({ type: 'ready', backend });
    port.on('message', (m: ToWorker) => {
      if (m.type === 'stop') {
        port.close();
        return;
      }
      try {
        if (data?.seed !== m.key.seed) {
          data = prepareData(init.config, m.key.seed, source);
        }
        const d = data;
        const record = runOne(ctx, m.key, d, (r) => send({ type: 'epoch', key: m.key, ...r }));
        send({ type: 'done', record });
      } catch (e) {
        send({ type: 'error', key: m.key, message: (e as Error).message, solh: e instanceof SolhError, stack: (e as Error).stack });
      }
    });
  } catch (e) {
    send({ type: 'error', message: (e as Error).message, solh: e instanceof SolhError, stack: (e as Error).stack });
  }
}

void serve();
