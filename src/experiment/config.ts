/**
 * The experiment protocol as data: a JSON config (merged over the config it `extends`, if any)
 * validated against a schema on load, flag overrides applied on top, and a hash of the parts that
 * change results (everything but the grid).
 */
import { describeSchemaError } from './schema-error';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { MAX_SEED } from './record';
import { createHash } from 'node:crypto';
import Ajv from 'ajv';
import { SolhError, describeJsonError } from '../errors';
import { parseLoss } from 'solh-losses/core';
import { parseScore } from 'solh-losses/core';
import { checkDelta } from 'solh-losses/core';
import { DEFAULT_TABLE_BITS } from 'solh-losses/core';
import type { LossKernel } from 'solh-losses';
import type { TrainingSettings } from '../train/train';
import { INIT_SCHEMES } from '../model/init';
import { ARCHITECTURES, ModelSettings } from '../model/model';
import { TRAINING_KERNELS } from '../train/kernels';

export type { TrainingKernel } from '../train/kernels';
import type { CategoricalSetting, MissingSetting } from '../data/features';

/** How the CLI's messages say to set δ (the library's own messages name its option stepSlope). */
export const CLI_DELTA_FIX = 'set loss.delta (or --delta) to a value such as 0.1';

const SCALINGS = ['z-score', 'min-max', 'none'] as const;
export type Scaling = (typeof SCALINGS)[number];
const TAU_ON = ['train', 'validation'] as const;
export type TauOn = (typeof TAU_ON)[number];
const DESIGNS = ['one-at-a-time', 'factorial'] as const;
export type Design = (typeof DESIGNS)[number];

/** One axis of a sweep: a setting's dotted path and the values it takes. */
export interface SweepAxis {
  path: string;
  values: unknown[];
}

export interface Config {
  /**
   * categorical and missing default to 'auto' and 'error' (see checkConfig); delimiter is guessed
   * when absent; scaling: how features are scaled, fitted on the training split (z-score by default).
   */
  data: { path: string; label: string; drop: string[]; positive?: string; delimiter?: string; categorical: CategoricalSetting; missing: MissingSetting; scaling: Scaling };
  split: { train: number; validation: number; test: number };
  model: ModelSettings;
  training: TrainingSettings;
  /** δ of H^l; the loss kernel inside TF.js (one fused op or composed ops); E(p) table size 2^tableBits. */
  loss: { delta: number; kernel: LossKernel; tableBits: number };
  /**
   * threshold: the decision threshold of the scores reported "at 0.5" (its default). tauOn: the set
   * τ* is chosen on, `train` (the default, as committed results were made) or `validation`.
   */
  evaluation: { thresholdStep: number; curveScores: string[]; threshold: number; tauOn?: TauOn };
  grid: { targets: string[]; losses: string[]; seeds: number[] };
  /** Universes of a multiverse (src/experiment/sweep.ts); `solh run` ignores these three. */
  sweep?: SweepAxis[];
  design?: Design;
  /** Seeds 0..defaultSeeds−1 in the default universe of a sweep (more power where the headline verdict lies). */
  defaultSeeds?: number;
}

const positiveInt = { type: 'integer', minimum: 1 };
/** Bounds on settings that would otherwise exhaust memory (BOUND_REASONS says why each is where it is). */
const MIN_THRESHOLD_STEP = 0.001;
const MAX_LAYER_WIDTH = 4096;
const MAX_LAYERS = 16;

export const CONFIG_SCHEMA = {
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
        categorical: { anyOf: [{ enum: ['auto', 'none'] }, { type: 'array', items: { type: 'string', minLength: 1 } }] },
        missing: { enum: ['error', 'drop-rows', 'impute'] },
        delimiter: { type: 'string', minLength: 1, maxLength: 1 },
        scaling: { enum: [...SCALINGS], default: 'z-score' },
      },
    },
    split: {
      type: 'object', additionalProperties: false, required: ['train', 'validation', 'test'],
      properties: Object.fromEntries(['train', 'validation', 'test'].map((k) => [k, { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }])),
    },
    model: {
      type: 'object', additionalProperties: false, required: ['hidden', 'dropout'],
      properties: {
        architecture: { enum: [...ARCHITECTURES], default: 'mlp' },
        hidden: { type: 'array', maxItems: MAX_LAYERS, items: { ...positiveInt, maximum: MAX_LAYER_WIDTH } },
        dropout: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
        init: { enum: [...INIT_SCHEMES], default: 'pytorch' },
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
        beta1: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.9 },
        beta2: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.999 },
        epsilon: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 1e-8 },
        kernel: { enum: [...TRAINING_KERNELS], default: 'fused' },
      },
    },
    loss: {
      type: 'object', additionalProperties: false, required: ['delta'],
      properties: {
        delta: { type: 'number' },
        kernel: { enum: ['fused', 'ops'], default: 'fused' },
        tableBits: { type: 'integer', minimum: 8, maximum: 22, default: DEFAULT_TABLE_BITS },
      },
    },
    evaluation: {
      type: 'object', additionalProperties: false, required: ['thresholdStep', 'curveScores'],
      properties: {
        thresholdStep: { type: 'number', minimum: MIN_THRESHOLD_STEP, exclusiveMaximum: 0.5 },
        curveScores: { type: 'array', items: { type: 'string' } },
        threshold: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.5 },
        // No schema default: absent means train, and protocolOf leaves train out (see there).
        tauOn: { enum: [...TAU_ON] },
      },
    },
    grid: {
      type: 'object', additionalProperties: false, required: ['targets', 'losses', 'seeds'],
      properties: {
        targets: { type: 'array', minItems: 1, items: { type: 'string' } },
        losses: { type: 'array', minItems: 1, items: { type: 'string' } },
        seeds: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 0, maximum: MAX_SEED } },
      },
    },
    sweep: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['path', 'values'],
        properties: { path: { type: 'string', minLength: 1 }, values: { type: 'array', minItems: 1 } },
      },
    },
    design: { enum: [...DESIGNS] },
    defaultSeeds: positiveInt,
  },
};

/** Why a setting is bounded, said with the bound when a config passes it (by dotted path, `*` for an array index). */
const BOUND_REASONS: Record<string, string> = {
  'evaluation.thresholdStep': `τ* is searched over 1/thresholdStep + 1 thresholds, each scored on train and test, and every full record keeps the score curves at each: ${MIN_THRESHOLD_STEP} gives ${Math.round(1 / MIN_THRESHOLD_STEP) + 1} points`,
  'model.hidden.*': `a layer's weights are held four times per worker (weights, gradients, Adam's two moments): two layers of ${MAX_LAYER_WIDTH} units are already 268 MB`,
  'model.hidden': `at most ${MAX_LAYERS} hidden layers`,
  'grid.seeds.*': `a seed is part of each record's file name, which must spell it back exactly: seed${MAX_SEED}.json, while 1e21 would be written seed1e+21.json and never be found again`,
};

// useDefaults: a config written before a setting existed still loads, and its protocol (and hash)
// then holds the default explicitly.
const validate = new Ajv({ allErrors: false, useDefaults: true }).compile(CONFIG_SCHEMA);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Checks the shape (schema) and the meaning (specs parse, fractions sum to 1) of a config. */
export function checkConfig(raw: unknown, source: string): Config {
  if (isPlainObject(raw) && Object.hasOwn(raw, 'extends')) {
    throw new SolhError(`config ${source}: extends is resolved when a config file is read: load it with loadConfig, or merge the base in with mergeSettings first`);
  }
  if (!validate(raw)) {
    const e = validate.errors![0];
    const { where, detail } = describeSchemaError(e, (err) =>
      err.keyword === 'enum' ? `must be one of ${(err.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}` : undefined,
    );
    const why = BOUND_REASONS[where.replace(/\.\d+(?=\.|$)/g, '.*')];
    const bound = ['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'maxItems'].includes(e.keyword);
    throw new SolhError(`config ${source}: ${where}: ${detail}${bound && why ? ` (${why})` : ''}; fix that setting (see configs/paper.json for a valid config)`);
  }
  const c = raw as unknown as Config;
  // Fresh plain arrays: the input is untrusted JSON (an array may carry extra keys such as `constructor`).
  c.data.drop = Array.from(c.data.drop ?? []);
  // 'auto' changes nothing for an all-numeric table (ACTG 175, Pima) and reads a text column as categories.
  // A listed set is kept sorted and once each, so that its order does not change the hash.
  c.data.categorical = Array.isArray(c.data.categorical) ? [...new Set(Array.from(c.data.categorical, (s) => s.trim()))].sort() : c.data.categorical ?? 'auto';
  c.data.missing ??= 'error';
  c.model.hidden = Array.from(c.model.hidden);
  c.grid.seeds = Array.from(c.grid.seeds);
  const sum = c.split.train + c.split.validation + c.split.test;
  if (Math.abs(sum - 1) > 1e-9) {
    throw new SolhError(`config ${source}: split fractions sum to ${sum}, not 1: adjust split.train, split.validation, split.test`);
  }
  // The loss kernel is the TF.js loss of the tfjs training step; the fused steps compute the loss
  // themselves, so another value there would only change the hash. The default stays accepted.
  if (c.loss.kernel !== 'fused' && c.training.kernel !== 'tfjs') {
    throw new SolhError(`config ${source}: loss.kernel "${c.loss.kernel}" changes nothing under training.kernel "${c.training.kernel}" (only the tfjs training step uses the loss kernel): set training.kernel to "tfjs", or loss.kernel back to "fused"`);
  }
  checkDelta(c.loss.delta, CLI_DELTA_FIX);
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
  return checkConfig(readConfigFile(path), path);
}

/**
 * A config file as one object: when it names a base in `extends` (a path relative to its own
 * folder), the base is read first (and its own base, and so on) and this file's settings are laid
 * over it by mergeSettings. `extends` is gone from the result, which is why the merged config
 * validates and hashes exactly as the same settings written out in full.
 */
export function readConfigFile(path: string): Record<string, unknown> {
  return readChain(path, []);
}

/** A path as messages show it: relative to the working folder when it lies inside it. */
function shown(path: string): string {
  const r = relative(process.cwd(), path);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : path;
}

/** Reads `path` and its bases; `chain` holds the absolute paths of the files that led here. */
function readChain(path: string, chain: string[]): Record<string, unknown> {
  const here = resolve(path);
  // The file given to --config is named as given; a base, by its path from the working folder.
  const name = chain.length === 0 ? path : shown(here);
  if (chain.includes(here)) {
    const names = [...chain.slice(chain.indexOf(here)), here].map(shown).join(' → ');
    throw new SolhError(`config ${name}: extends goes round in a circle (${names}): remove the extends that leads back`);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw chain.length === 0
      ? new SolhError(`cannot read config file "${path}": check the path given to --config`)
      : new SolhError(`config ${shown(chain[chain.length - 1])}: extends names ${name}, which cannot be read: give a path relative to that config's folder, e.g. "extends": "paper.json"`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SolhError(`config ${name} is not valid JSON (${describeJsonError(e as Error, text)}): fix the file`);
  }
  // Anything but an object is left to the schema's message, unless there is a base to merge it onto.
  if (!isPlainObject(raw) || !Object.hasOwn(raw, 'extends')) return raw as Record<string, unknown>;
  const { extends: base, ...own } = raw;
  if (typeof base !== 'string' || base === '') {
    throw new SolhError(`config ${name}: extends must be the path of another config file, e.g. "extends": "paper.json"`);
  }
  const basePath = resolve(dirname(here), base);
  const baseSettings = readChain(basePath, [...chain, here]);
  if (!isPlainObject(baseSettings)) throw new SolhError(`config ${name}: its base ${shown(basePath)} is not a JSON object of settings: extend a config file such as paper.json`);
  return mergeSettings(baseSettings, own);
}

/**
 * `over` laid over `base`: objects merge key by key, all the way down; anything else in `over`
 * (a number, a string, an array) replaces the base's value whole, so a list is never spliced.
 * A setting can be replaced, not removed.
 */
export function mergeSettings(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const put = (k: string, v: unknown) => Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  for (const k of Object.keys(base)) put(k, structuredClone(base[k]));
  for (const k of Object.keys(over)) {
    const b = Object.hasOwn(out, k) ? out[k] : undefined;
    put(k, isPlainObject(b) && isPlainObject(over[k]) ? mergeSettings(b, over[k]) : structuredClone(over[k]));
  }
  return out;
}

/**
 * Config keys that cannot change a run's numbers, each with the reason. Every other key is part of
 * the protocol: protocolOf copies the whole config less these, so a new setting is hashed unless it
 * is declared here (a test walks the schema to hold this).
 */
export const NOT_PROTOCOL: Record<string, string> = {
  $comment: 'free text',
  grid: 'lists which runs to make; each run records its own key',
  sweep: 'lists universes; each universe is a complete protocol with its own hash',
  design: 'how the sweep\'s axes combine into universes',
  defaultSeeds: 'how many seeds the default universe of a sweep runs (grid-like)',
};

export type Protocol = Omit<Config, 'grid' | 'sweep' | 'design' | 'defaultSeeds'>;

/**
 * Settings whose default is left out of the protocol: they came after results were committed, and
 * at their default they change nothing, so protocols (and hashes) written before them stay valid.
 * Any other value is in the protocol and its hash.
 */
const OMITTED_AT_DEFAULT: { path: [string, string]; value: unknown }[] = [{ path: ['evaluation', 'tauOn'], value: 'train' }];

/** The settings that determine a run's numbers: the whole config less NOT_PROTOCOL, keys sorted. */
export function protocolOf(c: Config): Protocol {
  const copy = structuredClone(c) as unknown as Record<string, unknown>;
  for (const k of Object.keys(NOT_PROTOCOL)) delete copy[k];
  for (const { path: [section, key], value } of OMITTED_AT_DEFAULT) {
    const part = copy[section] as Record<string, unknown> | undefined;
    if (part && part[key] === value) delete part[key];
  }
  return JSON.parse(canonical(copy)) as Protocol;
}

export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    // Keys holding undefined are absent, as in JSON.
    return `{${Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
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
