/**
 * The JSON schema of a record, versioned, checked on every read with the same machinery as
 * configs. Strict where `table`, `compare`, `report` and `check` read numbers; loose where the
 * record only documents (the protocol, validated when the config was loaded; extra top-level
 * fields, which newer writers may add).
 *
 * Versions (the `format` field says which; a lean line's format says the same of it):
 *   1  solh-record/1, solh-lean/1: the scores at `evaluation.threshold` are named trainAt05 and
 *      testAt05 (from when the threshold was always 0.5). Every record committed before 2026-12.
 *   2  solh-record/2, solh-lean/2: the same numbers named trainAtThreshold and testAtThreshold.
 * Readers take every version and see the latest: an older record is read as the latest by renaming
 * its fields (readRecord), so committed records are never regenerated for a rename, and records of
 * two versions compare equal when their numbers are. Writers emit the latest only.
 */
import type { ValidateFunction } from 'ajv';
import { LEAN_FORMAT, MAX_SEED, RECORD_FORMAT, RunRecord } from '../experiment/record';
import type { ScoreEvaluation } from '../evaluate/evaluate';

/** One version: its formats, and the names it gives the scores at the decision threshold. */
interface RecordVersion {
  record: string;
  lean: string;
  atThreshold: { train: string; test: string };
}

/** Oldest first; the last is the one written (RECORD_FORMAT, LEAN_FORMAT). */
const VERSIONS: readonly RecordVersion[] = [
  { record: 'solh-record/1', lean: 'solh-lean/1', atThreshold: { train: 'trainAt05', test: 'testAt05' } },
  { record: RECORD_FORMAT, lean: LEAN_FORMAT, atThreshold: { train: 'trainAtThreshold', test: 'testAtThreshold' } },
];
const LATEST = VERSIONS[VERSIONS.length - 1];

const number = { type: 'number' };
/** A JSON number, or null where training produced NaN (JSON has no NaN). */
const lossValue = { type: ['number', 'null'] };
const count = { type: 'integer', minimum: 0 };
const numbers = { type: 'array', items: number };

function recordSchema(v: RecordVersion) {
  const { train, test } = v.atThreshold;
  const scoreEvaluation = {
    type: 'object',
    required: [train, 'tauStar', 'trainAtTau', test, 'testAtTau'],
    properties: { [train]: number, tauStar: number, trainAtTau: number, [test]: number, testAtTau: number },
  };
  return {
    type: 'object',
    required: ['format', 'key', 'configHash', 'protocol', 'backend', 'status', 'epochsRun', 'bestEpoch', 'history', 'evaluation'],
    properties: {
      format: { const: v.record },
      key: {
        type: 'object', additionalProperties: false, required: ['loss', 'target', 'seed'],
        properties: { loss: { type: 'string', minLength: 1 }, target: { type: ['string', 'null'], minLength: 1 }, seed: { ...count, maximum: MAX_SEED } },
      },
      configHash: { type: 'string', pattern: '^[0-9a-f]{16}$' },
      protocol: { type: 'object' },
      dataSha256: { type: 'string' },
      backend: { type: 'string', minLength: 1 },
      versions: { type: 'object' },
      status: { enum: ['ok', 'failed'] },
      failure: { type: 'object', required: ['epoch', 'reason'], properties: { epoch: count, reason: { type: 'string' } } },
      epochsRun: count,
      bestEpoch: count,
      history: {
        type: 'object', required: ['trainLoss', 'validationLoss'],
        properties: { trainLoss: { type: 'array', items: lossValue }, validationLoss: { type: 'array', items: lossValue } },
      },
      evaluation: { type: 'object', additionalProperties: scoreEvaluation },
      curves: {
        type: 'object', required: ['thresholds', 'train', 'test'],
        properties: {
          thresholds: numbers,
          train: { type: 'object', additionalProperties: numbers },
          test: { type: 'object', additionalProperties: numbers },
        },
      },
      testPositives: count,
      collapsed: {
        type: 'object', required: ['atThreshold', 'atTau'],
        properties: { atThreshold: { type: 'boolean' }, atTau: { type: 'object', additionalProperties: { type: 'boolean' } } },
      },
      run: { type: 'object', properties: { wallSeconds: number, finishedAt: { type: 'string' } } },
    },
    // A finished run has scores and curves to read.
    if: { properties: { status: { const: 'ok' } } },
    then: { required: ['curves'] },
  };
}

/**
 * Compiled on first use (~0.1 s), and Ajv itself loaded then (~0.05 s): a run into a new folder
 * reads no record before its workers start.
 */
let validators: Map<string, ValidateFunction> | undefined;
function validatorOf(format: string): ValidateFunction | undefined {
  if (!validators) {
    const Ajv = (require('ajv') as typeof import('ajv')).default;
    const ajv = new Ajv({ allErrors: false });
    validators = new Map(VERSIONS.map((v) => [v.record, ajv.compile(recordSchema(v))]));
  }
  return validators.get(format);
}

function formats(kind: 'record' | 'lean'): string {
  const older = VERSIONS.slice(0, -1).map((v) => `"${v[kind]}"`);
  return `"${LATEST[kind]}"${older.length ? ` (or the older ${older.join(', ')})` : ''}`;
}

/** Why a parsed JSON value is not a record of any version, or undefined if it is one. */
export function recordProblem(r: unknown): string | undefined {
  if (!r || typeof r !== 'object' || Array.isArray(r)) return 'not a JSON object';
  // The version first: a record of another format is not judged by this format's schema.
  const format = (r as { format?: unknown }).format;
  const validate = typeof format === 'string' ? validatorOf(format) : undefined;
  if (!validate) return `format is ${JSON.stringify(format)}, expected ${formats('record')}`;
  if (validate(r)) return undefined;
  const e = validate.errors![0];
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '';
  if (e.keyword === 'required') return `missing ${where ? `${where}.` : ''}${(e.params as { missingProperty: string }).missingProperty}`;
  const got = where.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), r);
  return `${where || 'the file'} ${e.message ?? e.keyword}${got === undefined || typeof got === 'object' ? '' : ` (it is ${JSON.stringify(got)})`}`;
}

/**
 * A record of any version (one recordProblem passed) as the latest version: the scores at the
 * decision threshold renamed, the format set; every value, and the order of the fields, kept.
 */
export function readRecord(r: unknown): RunRecord {
  const raw = r as Record<string, unknown> & { evaluation: Record<string, Record<string, number>> };
  const v = VERSIONS.find((x) => x.record === raw.format)!;
  if (v === LATEST) return raw as unknown as RunRecord;
  const rename: Record<string, string> = { [v.atThreshold.train]: LATEST.atThreshold.train, [v.atThreshold.test]: LATEST.atThreshold.test };
  const evaluation = Object.fromEntries(
    Object.entries(raw.evaluation).map(([score, e]) => [score, Object.fromEntries(Object.entries(e).map(([k, x]) => [rename[k] ?? k, x]))]),
  );
  return { ...raw, format: LATEST.record, evaluation } as unknown as RunRecord;
}

/**
 * A lean line of any version as the full record of the same version (empty history and curves,
 * marked `lean`), for recordProblem and readRecord; undefined when its format is no lean version.
 */
function leanAsRecord(x: Record<string, unknown>): Record<string, unknown> | undefined {
  const v = VERSIONS.find((y) => y.lean === x.format);
  return v && { ...x, format: v.record, history: { trainLoss: [], validationLoss: [] }, curves: { thresholds: [], train: {}, test: {} }, lean: true };
}

/** A parsed lean line: the record it stands for (latest version), or why it is not one. */
export function readLeanLine(x: unknown): { record: RunRecord } | { problem: string } {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return { problem: 'not a JSON object' };
  const asRecord = leanAsRecord(x as Record<string, unknown>);
  if (!asRecord) return { problem: `format is ${JSON.stringify((x as { format?: unknown }).format)}, expected ${formats('lean')}` };
  const problem = recordProblem(asRecord);
  return problem ? { problem } : { record: readRecord(asRecord) };
}

/** The set a score was measured on, and the threshold it was measured at: `evaluation.threshold`, or the score's own τ*. */
export type ScoreSet = 'train' | 'test';
export type ScorePoint = 'threshold' | 'tau';

/**
 * A score of a record's evaluation: on train or test, at the decision threshold or at τ*. The one
 * way readers take scores out of records (read through readRecord, any version).
 */
export function scoreAt(e: ScoreEvaluation | undefined, set: ScoreSet, at: ScorePoint): number | undefined {
  if (e === undefined) return undefined;
  if (set === 'train') return at === 'tau' ? e.trainAtTau : e.trainAtThreshold;
  return at === 'tau' ? e.testAtTau : e.testAtThreshold;
}
