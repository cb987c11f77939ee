/**
 * The experiment protocol as data: a JSON config validated against a schema on load, flag
 * overrides applied on top, and a hash of the parts that change results (everything but the grid).
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import Ajv from 'ajv';
import { SolhError, describeJsonError } from '../errors';
import { parseLoss } from '../losses/loss';
import { parseScore } from '../losses/scores';
import { checkDelta } from '../losses/steps';

export interface Config {
  data: { path: string; label: string; drop: string[]; positive?: string; delimiter?: string };
  split: { train: number; validation: number; test: number };
  model: { hidden: number[]; dropout: number };
  training: {
    learningRate: number;
    batchSize: number;
    maxEpochs: number;
    patience: number;
    minDelta: number;
    restoreBest: boolean;
  };
  loss: { delta: number };
  evaluation: { thresholdStep: number; curveScores: string[] };
  grid: { targets: string[]; losses: string[]; seeds: number[] };
}

const positiveInt = { type: 'integer', minimum: 1 };
const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['data', 'split', 'model', 'training', 'loss', 'evaluation', 'grid'],
  properties: {
    $comment: { type: 'string' },
    data: {
      type: 'object', additionalProperties: false, required: ['path', 'label'],
      properties: {
        path: { type: 'string', minLength: 1 },
        label: { type: 'string', minLength: 1 },
        drop: { type: 'array', items: { type: 'string' } },
        positive: { type: 'string' },
        delimiter: { type: 'string', minLength: 1, maxLength: 1 },
      },
    },
    split: {
      type: 'object', additionalProperties: false, required: ['train', 'validation', 'test'],
      properties: Object.fromEntries(['train', 'validation', 'test'].map((k) => [k, { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }])),
    },
    model: {
      type: 'object', additionalProperties: false, required: ['hidden', 'dropout'],
      properties: {
        hidden: { type: 'array', items: positiveInt },
        dropout: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
      },
    },
    training: {
      type: 'object', additionalProperties: false,
      required: ['learningRate', 'batchSize', 'maxEpochs', 'patience', 'minDelta', 'restoreBest'],
      properties: {
        learningRate: { type: 'number', exclusiveMinimum: 0 },
        batchSize: positiveInt,
        maxEpochs: positiveInt,
        patience: positiveInt,
        minDelta: { type: 'number', minimum: 0 },
        restoreBest: { type: 'boolean' },
      },
    },
    loss: { type: 'object', additionalProperties: false, required: ['delta'], properties: { delta: { type: 'number' } } },
    evaluation: {
      type: 'object', additionalProperties: false, required: ['thresholdStep', 'curveScores'],
      properties: {
        thresholdStep: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 0.5 },
        curveScores: { type: 'array', items: { type: 'string' } },
      },
    },
    grid: {
      type: 'object', additionalProperties: false, required: ['targets', 'losses', 'seeds'],
      properties: {
        targets: { type: 'array', minItems: 1, items: { type: 'string' } },
        losses: { type: 'array', minItems: 1, items: { type: 'string' } },
        seeds: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 0 } },
      },
    },
  },
};

const validate = new Ajv({ allErrors: false }).compile(SCHEMA);

/** Checks the shape (schema) and the meaning (specs parse, fractions sum to 1) of a config. */
export function checkConfig(raw: unknown, source: string): Config {
  if (!validate(raw)) {
    const e = validate.errors![0];
    const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
    const detail =
      e.keyword === 'additionalProperties'
        ? `unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"`
        : e.message ?? e.keyword;
    throw new SolhError(`config ${source}: ${where}: ${detail}; fix that setting (see configs/paper.json for a valid config)`);
  }
  const c = raw as unknown as Config;
  // Fresh plain arrays: the input is untrusted JSON (an array may carry extra keys such as `constructor`).
  c.data.drop = Array.from(c.data.drop ?? []);
  c.model.hidden = Array.from(c.model.hidden);
  c.grid.seeds = Array.from(c.grid.seeds);
  const sum = c.split.train + c.split.validation + c.split.test;
  if (Math.abs(sum - 1) > 1e-9) {
    throw new SolhError(`config ${source}: split fractions sum to ${sum}, not 1: adjust split.train, split.validation, split.test`);
  }
  checkDelta(c.loss.delta);
  // Canonical spellings ('F1' → 'f1', 'solh: cosine(0.5, 0.30)' → 'solh:cosine(0.5,0.3)'), so that
  // file names, tables and resumption see one name per score and per loss.
  c.grid.targets = Array.from(c.grid.targets, (t) => parseScore(t).spec);
  c.evaluation.curveScores = Array.from(c.evaluation.curveScores, (t) => parseScore(t).spec);
  c.grid.losses = Array.from(c.grid.losses, (l) => parseLoss(l, c.loss.delta).spec);
  // Scores with parameters (fbeta(β)) are not in every record's evaluation: a target among them is
  // added to the curve scores, which makes it part of the protocol (and of its hash).
  for (const t of c.grid.targets) if (parseScore(t).params.length && !c.evaluation.curveScores.includes(t)) c.evaluation.curveScores.push(t);
  const dup = (xs: (string | number)[]) => xs.find((x, i) => xs.indexOf(x) !== i);
  for (const [name, xs] of [['grid.seeds', c.grid.seeds], ['grid.targets', c.grid.targets], ['grid.losses', c.grid.losses]] as const) {
    const d = dup(xs);
    if (d !== undefined) throw new SolhError(`config ${source}: ${name} lists ${JSON.stringify(d)} twice: list each once`);
  }
  return c;
}

export function loadConfig(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new SolhError(`cannot read config file "${path}": check the path given to --config`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SolhError(`config ${path} is not valid JSON (${describeJsonError(e as Error, text)}): fix the file`);
  }
  return checkConfig(raw, path);
}

/** The settings that determine a run's numbers, in a fixed key order (the grid only lists runs). */
export function protocolOf(c: Config): Omit<Config, 'grid'> {
  return {
    data: { path: c.data.path, label: c.data.label, drop: [...c.data.drop], ...(c.data.positive !== undefined ? { positive: c.data.positive } : {}), ...(c.data.delimiter !== undefined ? { delimiter: c.data.delimiter } : {}) },
    split: { ...c.split },
    model: { hidden: [...c.model.hidden], dropout: c.model.dropout },
    training: { ...c.training },
    loss: { ...c.loss },
    evaluation: { thresholdStep: c.evaluation.thresholdStep, curveScores: [...c.evaluation.curveScores] },
  };
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * Short hash of the protocol and the data's content (not its path, so the same file found from
 * another folder hashes alike); records with different hashes are never mixed in one table.
 */
export function configHash(c: Config, dataSha256: string): string {
  const p = protocolOf(c);
  const { path: _path, ...data } = p.data;
  return createHash('sha256').update(canonical({ ...p, data: { ...data, sha256: dataSha256 } })).digest('hex').slice(0, 16);
}
