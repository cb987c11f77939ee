/**
 * The experiment protocol as data: a JSON config (merged over the config it `extends`, if any)
 * validated against a schema on load, flag overrides applied on top, and a hash of the parts that
 * change results (everything but the grid).
 */
import { describeSchemaError } from './schema-error';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import { schemaValidator } from './config-validator';
import { SolhError, describeJsonError } from '../errors';
import { parseLoss } from 'solh-losses/core';
import { parseScore } from 'solh-losses/core';
import { checkDelta } from 'solh-losses/core';
import { Section, Setting, SettingsOf, sectionSchema } from '../settings-schema';
import { DATA_SECTION, DataSettings, SPLIT_SECTION } from '../data/settings';
import { MODEL_SECTION, ModelSettings } from '../model/model';
import { TRAINING_SECTION, TrainingSettings } from '../train/settings';
import { LOSS_SECTION, LossSettings } from './loss-settings';
import { EVALUATION_SECTION, EvaluationSettings } from '../evaluate/settings';
import { GRID_SECTION, GridSettings } from './grid';

export type { TrainingKernel } from '../train/kernels';

const DESIGNS = ['one-at-a-time', 'factorial'] as const;
export type Design = (typeof DESIGNS)[number];

/** One axis of a sweep: a setting's dotted path and the values it takes. */
export interface SweepAxis {
  path: string;
  values: unknown[];
}

/**
 * The sections of a config, each declared by the module that reads it (one line per setting):
 * data and split (src/data/settings.ts), model (the architectures' registry, src/model/model.ts),
 * training (src/train/settings.ts), loss (./loss-settings.ts), evaluation
 * (src/evaluate/settings.ts), grid (./grid.ts).
 */
export const SECTIONS = {
  data: DATA_SECTION,
  split: SPLIT_SECTION,
  model: MODEL_SECTION,
  training: TRAINING_SECTION,
  loss: LOSS_SECTION,
  evaluation: EVALUATION_SECTION,
  grid: GRID_SECTION,
} satisfies Record<string, Section>;

/** Settings of the config itself, beside its sections: how a sweep is made of it; none is hashed. */
const TOP_LEVEL: Record<string, Setting> = {
  $comment: { type: 'string', notProtocol: 'free text' },
  sweep: {
    type: 'array',
    items: {
      type: 'object', additionalProperties: false, required: ['path', 'values'],
      properties: { path: { type: 'string', minLength: 1 }, values: { type: 'array', minItems: 1 } },
    },
    notProtocol: 'lists universes; each universe is a complete protocol with its own hash',
  },
  design: { enum: DESIGNS, notProtocol: "how the sweep's axes combine into universes" },
  defaultSeeds: { type: 'integer', minimum: 1, notProtocol: 'how many seeds the default universe of a sweep runs (grid-like)' },
};

export interface Config {
  data: DataSettings;
  split: SettingsOf<typeof SPLIT_SECTION>;
  model: ModelSettings;
  training: TrainingSettings;
  loss: LossSettings;
  evaluation: EvaluationSettings;
  grid: GridSettings;
  /** Universes of a multiverse (src/experiment/sweep.ts); `solh run` ignores these three. */
  sweep?: SweepAxis[];
  design?: Design;
  /** Seeds 0..defaultSeeds−1 in the default universe of a sweep (more power where the headline verdict lies). */
  defaultSeeds?: number;
}

/** A config schema composed from sections, with what its annotations say (src/settings-schema.ts). */
export interface ConfigSchema {
  /** The JSON schema of a config file. */
  json: { type: 'object'; properties: Record<string, Record<string, unknown>>; [k: string]: unknown };
  validate: ValidateFunction;
  /** Top-level keys that cannot change a run's numbers, each with the reason: not in the protocol. */
  notProtocol: Record<string, string>;
  /** Settings left out of the protocol at one value (annotation unhashedAt): [section, key]. */
  unhashedAt: { path: [string, string]; value: unknown }[];
  /** Why a setting is bounded, by dotted path (`*` for an array's items). */
  boundReasons: Record<string, string>;
}

/** Collects the boundReason annotations of a schema by dotted path. */
function boundReasons(schema: Record<string, unknown>, path: string, out: Record<string, string>): void {
  if (typeof schema.boundReason === 'string') out[path] = schema.boundReason;
  if (schema.items && typeof schema.items === 'object') boundReasons(schema.items as Record<string, unknown>, `${path}.*`, out);
  for (const [k, sub] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) boundReasons(sub, path ? `${path}.${k}` : k, out);
}

/**
 * The config schema of a set of sections (and the top-level settings): every section required,
 * unknown keys refused. Exported so that a test can add a section's setting locally and see it
 * validated, hashed and swept without touching anything else.
 */
export function composeConfigSchema(sections: Record<string, Section>, topLevel: Record<string, Setting> = TOP_LEVEL): ConfigSchema {
  const properties: Record<string, Record<string, unknown>> = { ...topLevel };
  for (const [name, sec] of Object.entries(sections)) properties[name] = sectionSchema(sec);
  const json = { type: 'object' as const, additionalProperties: false, required: Object.keys(sections), properties };
  const notProtocol: Record<string, string> = {};
  for (const [name, s] of Object.entries({ ...topLevel, ...sections })) if (typeof s.notProtocol === 'string') notProtocol[name] = s.notProtocol;
  const unhashedAt: ConfigSchema['unhashedAt'] = [];
  for (const [name, sec] of Object.entries(sections)) {
    for (const [key, setting] of Object.entries(sec.properties)) if ('unhashedAt' in setting) unhashedAt.push({ path: [name, key], value: setting.unhashedAt });
  }
  const reasons: Record<string, string> = {};
  boundReasons(json, '', reasons);
  // Defaults are filled in (a config written before a setting existed still loads), and its protocol
  // (and hash) then holds the default explicitly (unless the setting says unhashedAt its default).
  // The validator is made when first used: precompiled by the build for the default schema.
  let validate: ValidateFunction | undefined;
  return {
    json,
    get validate() {
      return (validate ??= schemaValidator(json));
    },
    notProtocol,
    unhashedAt,
    boundReasons: reasons,
  };
}

/** The config schema of the modules' sections: what every function here uses unless given another. */
export const CONFIG_SETTINGS = composeConfigSchema(SECTIONS);
export const CONFIG_SCHEMA = CONFIG_SETTINGS.json;

/**
 * Config keys that cannot change a run's numbers, each with the reason (declared with notProtocol
 * beside each). Every other key is part of the protocol: protocolOf copies the whole config less
 * these, so a new setting is hashed unless it says otherwise (a test walks the schema to hold this).
 */
export const NOT_PROTOCOL = CONFIG_SETTINGS.notProtocol;

/** The declared schema of a setting by dotted path (a section or a setting), or undefined: what `solh sweep` may vary. */
export function declaredSetting(path: string, schema: ConfigSchema = CONFIG_SETTINGS): Record<string, unknown> | undefined {
  let cur: Record<string, unknown> | undefined = schema.json;
  for (const p of path.split('.')) {
    const props = cur?.properties as Record<string, Record<string, unknown>> | undefined;
    cur = props && Object.hasOwn(props, p) ? props[p] : undefined;
  }
  return cur;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Checks the shape (schema) and the meaning (specs parse, fractions sum to 1) of a config. */
export function checkConfig(raw: unknown, source: string, schema: ConfigSchema = CONFIG_SETTINGS): Config {
  if (isPlainObject(raw) && Object.hasOwn(raw, 'extends')) {
    throw new SolhError(`config ${source}: extends is resolved when a config file is read: load it with loadConfig, or merge the base in with mergeSettings first`);
  }
  const { validate } = schema;
  if (!validate(raw)) {
    const e = validate.errors![0];
    const { where, detail } = describeSchemaError(e, (err) =>
      err.keyword === 'enum' ? `must be one of ${(err.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}` : undefined,
    );
    const why = schema.boundReasons[where.replace(/\.\d+(?=\.|$)/g, '.*')];
    const bound = ['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'maxItems'].includes(e.keyword);
    throw new SolhError(`config ${source}: ${where}: ${detail}${bound && why ? ` (${why})` : ''}; fix that setting (see configs/paper.json for a valid config)`);
  }
  const c = raw as unknown as Config;
  // Fresh plain arrays: the input is untrusted JSON (an array may carry extra keys such as `constructor`).
  for (const sec of Object.values(c) as unknown[]) {
    if (!isPlainObject(sec)) continue;
    for (const [k, v] of Object.entries(sec)) if (Array.isArray(v)) sec[k] = Array.from(v);
  }
  // A listed set is kept sorted and once each, so that its order does not change the hash.
  if (Array.isArray(c.data.categorical)) c.data.categorical = [...new Set(Array.from(c.data.categorical, (s) => s.trim()))].sort();
  const sum = c.split.train + c.split.validation + c.split.test;
  if (Math.abs(sum - 1) > 1e-9) {
    throw new SolhError(`config ${source}: split fractions sum to ${sum}, not 1: adjust split.train, split.validation, split.test`);
  }
  // loss.kernel is the form of the loss op, the TF.js loss of the tfjs training kernel; the fused
  // steps call the flat loss, so another value there would only change the hash. The default stays accepted.
  if (c.training.fma === 'on' && c.training.kernel !== 'fused') {
    throw new SolhError(`config ${source}: training.fma "on" changes nothing under training.kernel "${c.training.kernel}" (only the SIMD loops of the fused step use it): set training.kernel to "fused", or training.fma back to "off"`);
  }
  if (c.loss.kernel !== 'fused' && c.training.kernel !== 'tfjs') {
    throw new SolhError(`config ${source}: loss.kernel "${c.loss.kernel}" changes nothing under training.kernel "${c.training.kernel}" (only the tfjs training kernel uses the loss op): set training.kernel to "tfjs", or loss.kernel back to "fused"`);
  }
  checkDelta(c.loss.delta, 'set loss.delta to a value such as 0.1', 'loss.delta');
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
  // The file asked for is named as given; a base, by its path from the working folder.
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
      ? new SolhError(`cannot read config file "${path}": check the path`)
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

export type Protocol = Omit<Config, 'grid' | 'sweep' | 'design' | 'defaultSeeds'>;

/** The settings that determine a run's numbers: the whole config less NOT_PROTOCOL, keys sorted. */
export function protocolOf(c: Config, schema: ConfigSchema = CONFIG_SETTINGS): Protocol {
  const copy = structuredClone(c) as unknown as Record<string, unknown>;
  for (const k of Object.keys(schema.notProtocol)) delete copy[k];
  // Settings that came after committed results, at the value that changes nothing (unhashedAt).
  for (const { path: [section, key], value } of schema.unhashedAt) {
    const part = copy[section] as Record<string, unknown> | undefined;
    if (part && canonical(part[key]) === canonical(value)) delete part[key];
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
export function configHash(c: Config, dataSha256: string, schema: ConfigSchema = CONFIG_SETTINGS): string {
  const p = protocolOf(c, schema);
  const { path: _path, ...data } = p.data;
  return createHash('sha256').update(canonical({ ...p, data: { ...data, sha256: dataSha256 } })).digest('hex').slice(0, 16);
}
