/** One finished training run, as written to the results folder. */
import { Protocol } from './config';
import { ScoreEvaluation } from '../evaluate/evaluate';
import type { FeatureSummary } from './prepare';

/** The format written; readers take every version (src/store/record-schema.ts). */
export const RECORD_FORMAT = 'solh-record/2';

/** What identifies a run inside one protocol. BCE does not depend on the target: target null. */
export interface RunKey {
  loss: string;
  target: string | null;
  seed: number;
}

export interface RunRecord {
  format: typeof RECORD_FORMAT;
  key: RunKey;
  configHash: string;
  protocol: Protocol;
  dataSha256: string;
  /** The seed's feature plan: columns → features, imputed and unseen cells, rows dropped. */
  features: FeatureSummary;
  backend: string;
  /** Package versions, and which build of the SIMD loops trained (src/model/dense-wasm.ts; records before it: absent). */
  versions: { solh: string; tfjs: string; wasm?: string };
  status: 'ok' | 'failed';
  failure?: { epoch: number; reason: string };
  epochsRun: number;
  bestEpoch: number;
  history: { trainLoss: number[]; validationLoss: number[] };
  /** Every registered score: at the decision threshold (evaluation.threshold) and at its own τ*. */
  evaluation: Record<string, ScoreEvaluation>;
  /** Positives in the test split (records written before it was kept: derived from the scores, src/report/test-counts.ts). */
  testPositives?: number;
  /**
   * Whether every test prediction is the same class: at the decision threshold, and at each score's
   * τ*. A collapsed run is a failed training, not evidence for or against its loss.
   */
  collapsed?: { atThreshold: boolean; atTau: Record<string, boolean> };
  /** Score against threshold on train and test, for the scores named in evaluation.curveScores. */
  curves: { thresholds: number[]; train: Record<string, number[]>; test: Record<string, number[]> };
  /** How and when it ran: differs between identical runs, so left out of comparisons. */
  run: { wallSeconds: number; finishedAt: string };
  /** Read from a lean record: history and curves were not kept (they are empty here). */
  lean?: true;
}

export const LEAN_FORMAT = 'solh-lean/2';
export const RECORD_MODES = ['full', 'lean'] as const;
export type RecordMode = (typeof RECORD_MODES)[number];

/** A record without its per-epoch history and threshold curves: one JSON line of a lean store. */
export type LeanRecord = Omit<RunRecord, 'format' | 'history' | 'curves' | 'lean'> & { format: typeof LEAN_FORMAT };

export function toLean(r: RunRecord): LeanRecord {
  const { format: _f, history: _h, curves: _c, lean: _l, ...rest } = r;
  return { format: LEAN_FORMAT, ...rest };
}

/** A lean record in the shape every reader takes: empty history and curves, marked `lean`. */
function fromLean(l: LeanRecord): RunRecord {
  const { format: _f, ...rest } = l;
  return { format: RECORD_FORMAT, ...rest, history: { trainLoss: [], validationLoss: [] }, curves: { thresholds: [], train: {}, test: {} }, lean: true };
}

export function keyId(k: RunKey): string {
  return `${k.target ?? 'any'} ${k.loss} seed ${k.seed}`;
}

/** The largest seed: 2³² − 1, an integer every reader of a record file name spells back exactly. */
export const MAX_SEED = 2 ** 32 - 1;

/** File name of a run's record: target, loss and seed, with characters safe on every file system. */
export function recordFileName(k: RunKey): string {
  const slug = (s: string) => s.replace(/[^A-Za-z0-9.-]+/g, '_');
  return `${slug(k.target ?? 'any')}__${slug(k.loss)}__seed${k.seed}.json`;
}

/**
 * What one run is, across every way a folder may hold it (a record file, a lean line, a rerun):
 * its protocol's hash and its key. Readers keep one record per identity.
 */
export function runIdentity(r: Pick<RunRecord, 'configHash' | 'key'>): string {
  return `${r.configHash}/${recordFileName(r.key)}`;
}

/** Whether a file name is one that recordFileName makes: other JSON files in a folder are not records. */
export function isRecordFileName(name: string): boolean {
  return /^[A-Za-z0-9._-]+__[A-Za-z0-9._-]+__seed\d+\.json$/.test(name);
}

/**
 * What must be identical for the same protocol, data and seed: the record without its `run` block,
 * the package versions and the data's path (the data is identified by its checksum); with `lean`,
 * also without history and curves.
 */
export function comparable(r: RunRecord): Omit<RunRecord, 'run' | 'versions'> {
  return comparableAs(r, false);
}

/**
 * Fields that records written before them lack. Comparing a newer record with an older one
 * (`solh check` against a committed snapshot, `solh merge`) leaves them out when the other lacks them.
 */
const LATER_FIELDS = ['testPositives', 'collapsed'] as const;

/** Two records in the shape they can be compared in: fields only one of them has (LATER_FIELDS) left out, and lean if either is. */
export function comparablePair(a: RunRecord, b: RunRecord): [Omit<RunRecord, 'run' | 'versions'>, Omit<RunRecord, 'run' | 'versions'>] {
  const lean = Boolean(a.lean || b.lean);
  const [x, y] = [comparableAs(a, lean), comparableAs(b, lean)] as Record<string, unknown>[];
  for (const f of LATER_FIELDS) {
    if (!(f in x) || !(f in y)) {
      delete x[f];
      delete y[f];
    }
  }
  return [x, y] as [Omit<RunRecord, 'run' | 'versions'>, Omit<RunRecord, 'run' | 'versions'>];
}

/** comparable, and with `lean` only what a lean record keeps (for comparing with one). */
function comparableAs(r: RunRecord, lean: boolean): Omit<RunRecord, 'run' | 'versions'> {
  const { run: _run, versions: _versions, lean: _lean, ...rest } = lean ? fromLean(toLean(r)) : r;
  const { path: _path, ...data } = rest.protocol.data;
  return { ...rest, protocol: { ...rest.protocol, data: data as RunRecord['protocol']['data'] } };
}

/** The largest difference between two JSON values, and where it is. */
export function largestDifference(a: unknown, b: unknown, path = ''): { field: string; difference: number } {
  if (typeof a === 'number' && typeof b === 'number') {
    const d = Number.isNaN(a) && Number.isNaN(b) ? 0 : Math.abs(a - b);
    return { field: path, difference: Number.isNaN(d) ? Infinity : d };
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    let worst = { field: path, difference: 0 };
    for (const k of keys) {
      const d = largestDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      if (d.difference > worst.difference) worst = d;
    }
    return worst;
  }
  return { field: path, difference: a === b ? 0 : Infinity };
}
