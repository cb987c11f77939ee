/**
 * The JSON schema of a record file (format solh-record/1), checked on every read with the same
 * machinery as configs. Strict where `table`, `compare`, `report` and `check` read numbers; loose
 * where the record only documents (the protocol, validated when the config was loaded; extra
 * top-level fields, which newer writers may add).
 */
import Ajv from 'ajv';
import { MAX_SEED, RECORD_FORMAT } from '../experiment/record';

const number = { type: 'number' };
/** A JSON number, or null where training produced NaN (JSON has no NaN). */
const lossValue = { type: ['number', 'null'] };
const count = { type: 'integer', minimum: 0 };
const numbers = { type: 'array', items: number };

const scoreEvaluation = {
  type: 'object',
  required: ['trainAt05', 'tauStar', 'trainAtTau', 'testAt05', 'testAtTau'],
  properties: { trainAt05: number, tauStar: number, trainAtTau: number, testAt05: number, testAtTau: number },
};

const RECORD_SCHEMA = {
  type: 'object',
  required: ['format', 'key', 'configHash', 'protocol', 'backend', 'status', 'epochsRun', 'bestEpoch', 'history', 'evaluation'],
  properties: {
    format: { const: RECORD_FORMAT },
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

const validate = new Ajv({ allErrors: false }).compile(RECORD_SCHEMA);

/** Why a parsed JSON value is not a record, or undefined if it is one. */
export function recordProblem(r: unknown): string | undefined {
  if (!r || typeof r !== 'object' || Array.isArray(r)) return 'not a JSON object';
  // The version first: a record of another format is not judged by this format's schema.
  const format = (r as { format?: unknown }).format;
  if (format !== RECORD_FORMAT) return `format is ${JSON.stringify(format)}, expected "${RECORD_FORMAT}"`;
  if (validate(r)) return undefined;
  const e = validate.errors![0];
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '';
  if (e.keyword === 'required') return `missing ${where ? `${where}.` : ''}${(e.params as { missingProperty: string }).missingProperty}`;
  const got = where.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), r);
  return `${where || 'the file'} ${e.message ?? e.keyword}${got === undefined || typeof got === 'object' ? '' : ` (it is ${JSON.stringify(got)})`}`;
}
