/** Made-up records with chosen test scores, for the statistics and the stores (no training). */
import { RECORD_FORMAT, RunRecord } from '../../src/experiment/record';
import { Protocol } from '../../src/experiment/config';

export function fakeRecord(loss: string, target: string | null, seed: number, testF1: number, o: { configHash?: string; protocol?: Partial<Protocol> } = {}): RunRecord {
  const ev = { trainAtThreshold: 0.6, tauStar: 0.4, trainAtTau: 0.7, testAtThreshold: testF1, testAtTau: testF1 + 0.01 };
  return {
    format: RECORD_FORMAT,
    key: { loss, target, seed },
    configHash: o.configHash ?? 'c0ffee00c0ffee00',
    protocol: ({ data: { path: 'x.csv', label: 'y', drop: [], scaling: 'z-score' }, training: { batchSize: 64 }, loss: { delta: 0.1 }, ...o.protocol }) as Protocol,
    dataSha256: 'd',
    features: {
      rows: { train: 6, validation: 2, test: 2 }, droppedRows: { missingLabel: 0, train: 0, validation: 0, test: 0 }, width: 1,
      columns: [{ name: 'x', kind: 'numeric', features: 1 }],
    },
    backend: 'cpu',
    versions: { solh: '0', tfjs: '0' },
    status: 'ok',
    epochsRun: 10,
    bestEpoch: 7,
    history: { trainLoss: [0.7, 0.6], validationLoss: [0.71, 0.65] },
    evaluation: { f1: ev, accuracy: { ...ev, testAtThreshold: 0.8 } },
    curves: { thresholds: [0.5], train: { f1: [0.6] }, test: { f1: [testF1] } },
    run: { wallSeconds: 1, finishedAt: '2026-01-01T00:00:00Z' },
  };
}
