/**
 * A benchmark suite as data: one base config (the protocol) and a list of tasks, each a data set
 * with its own `data` settings and the sha256 of its file. A task is a complete config, as a
 * universe of a sweep is: the base with the task's data section, its own protocol and hash.
 *
 * Suite file (configs/benchmark.json):
 *   { "base": "paper.json", "seeds": 10,
 *     "tasks": [ { "name": "pima", "data": { "path": "data/pima.csv", "label": "diabetes", ..., "sha256": "…" } } ] }
 * `base` is read relative to the suite file's folder; `seeds` (default 10) gives seeds 0..n−1.
 */
import { describeSchemaError } from './schema-error';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { SolhError, describeJsonError } from '../errors';
import { Config, checkConfig } from './config';
import { SETTING_ANNOTATIONS, sectionSchema } from '../settings-schema';
import { DATA_SECTION } from '../data/settings';
import { dataChecksum, featuresFor, loadConfiguredTable, resolveDataPath } from './prepare';
import { stratifiedSplit } from '../data/split';
import { rowHasMissing } from '../data/features';

const DEFAULT_SUITE_SEEDS = 10;

export interface SuiteTaskSpec {
  name: string;
  /** The config's data section, plus the file's sha256. */
  data: Record<string, unknown> & { path: string; sha256: string };
}

export interface Suite {
  /** The base config's path as resolved (relative to the suite file's folder). */
  base: string;
  seeds: number;
  tasks: SuiteTaskSpec[];
}

export interface Task {
  name: string;
  /** The base config with this task's data section and the suite's seeds. */
  config: Config;
  /** The sha256 the suite expects of the data file. */
  sha256: string;
}

/** A task name is a folder name: letters, digits, `.`, `_`, `-`. */
const TASK_NAME = '^[A-Za-z0-9][A-Za-z0-9._-]*$';

// A task's data section is the config's (its defaults are not filled in here: the base's apply).
const dataSchema = sectionSchema(DATA_SECTION);
const SUITE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['base', 'tasks'],
  properties: {
    $comment: { type: 'string' },
    base: { type: 'string', minLength: 1 },
    seeds: { type: 'integer', minimum: 1 },
    tasks: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'data'],
        properties: {
          $comment: { type: 'string' },
          name: { type: 'string', pattern: TASK_NAME },
          data: {
            ...dataSchema,
            required: [...dataSchema.required, 'sha256'],
            properties: { ...dataSchema.properties, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
          },
        },
      },
    },
  },
};
const validate = new Ajv({ allErrors: false, keywords: [...SETTING_ANNOTATIONS] }).compile(SUITE_SCHEMA);

/** Checks a suite file's shape; task names once each. */
function checkSuite(raw: unknown, source: string): Omit<Suite, 'base'> & { base: string } {
  if (!validate(raw)) {
    const { where, detail } = describeSchemaError(validate.errors![0], (e, at) =>
      e.keyword !== 'pattern'
        ? undefined
        : at.endsWith('.name')
          ? 'a task name is a folder name: letters, digits, ".", "_", "-"'
          : at.endsWith('.sha256')
            ? 'write the file\'s sha256 as 64 lower-case hex digits (sha256sum FILE)'
            : undefined,
    );
    throw new SolhError(`suite ${source}: ${where}: ${detail}; fix the suite file (see configs/benchmark-mini.json)`);
  }
  const s = raw as { base: string; seeds?: number; tasks: SuiteTaskSpec[] };
  const names = s.tasks.map((t) => t.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new SolhError(`suite ${source}: task "${twice}" is listed twice: give each task a distinct name`);
  return { base: s.base, seeds: s.seeds ?? DEFAULT_SUITE_SEEDS, tasks: s.tasks };
}

export function loadSuite(path: string): Suite {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new SolhError(`cannot read suite file "${path}": check the path`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SolhError(`suite ${path} is not valid JSON (${describeJsonError(e as Error, text)}): fix the file`);
  }
  const s = checkSuite(raw, path);
  const base = join(dirname(path), s.base);
  if (!existsSync(base)) throw new SolhError(`suite ${path}: base config "${s.base}" not found (looked for ${base}): give its path relative to the suite file`);
  return { ...s, base };
}

/**
 * Each task's config: the base with the task's data section (path, label, positive, drop,
 * categorical, missing, delimiter; scaling from the base unless the task sets it) and seeds 0..n−1.
 */
export function suiteTasks(suite: Suite, base: Config, seeds: number): Task[] {
  return suite.tasks.map((t) => {
    const { sha256, ...data } = t.data;
    const raw = structuredClone(base) as unknown as Record<string, unknown> & Config;
    raw.data = { scaling: base.data.scaling, ...structuredClone(data) } as Config['data'];
    raw.grid.seeds = Array.from({ length: seeds }, (_, i) => i);
    return { name: t.name, config: checkConfig(raw, `suite task ${t.name}`), sha256 };
  });
}

/** What is wrong with a task's data file, as one line naming the task and the file; undefined when it is the one the suite names. */
export function taskFileProblem(t: Task): string | undefined {
  const path = t.config.data.path;
  if (!existsSync(resolveDataPath(path))) return `task ${t.name}: data file ${path} is missing: convert it (see data/README.md) or remove the task from the suite`;
  const sum = dataChecksum(path);
  if (sum !== t.sha256) return `task ${t.name}: data file ${path} has sha256 ${sum.slice(0, 12)}…, the suite expects ${t.sha256.slice(0, 12)}…: restore the file, or update data.sha256 if the change is meant`;
  return undefined;
}

/**
 * A split of some seed without rows of one class (the table has too few of a class for the split
 * fractions, or drop-rows left none), as a note naming the task; undefined when every split has both.
 */
function taskOneClassSplit(t: Task): string | undefined {
  const c = t.config;
  const { table } = loadConfiguredTable(c);
  for (const seed of c.grid.seeds) {
    let split;
    try {
      split = stratifiedSplit(table.labels, c.split, seed);
    } catch (e) {
      if (!(e instanceof SolhError)) throw e;
      const counts = [0, 1].map((cls) => table.labels.reduce((n, v) => n + (v === cls ? 1 : 0), 0));
      return `task ${t.name}: skipped: a split has rows of one class only (${counts[1]} positive and ${counts[0]} negative rows in ${c.data.path}, too few for the split fractions)`;
    }
    for (const part of ['train', 'validation', 'test'] as const) {
      const rows = c.data.missing === 'drop-rows' ? split[part].filter((i) => !rowHasMissing(table, i)) : split[part];
      for (const cls of [0, 1]) {
        if (!rows.some((i) => table.labels[i] === cls)) return `task ${t.name}: skipped: the ${part} split of seed ${seed} has no ${cls ? 'positive' : 'negative'} rows${c.data.missing === 'drop-rows' ? ' after drop-rows' : ''}`;
      }
    }
  }
  return undefined;
}

export type TaskCheck = { status: 'ok' } | { status: 'error'; message: string } | { status: 'skip'; message: string };

/**
 * What about a task's data would stop its grid, found before any training: the file (missing,
 * other checksum) and the table (columns, cells, the feature plan of the first seed) are errors; a
 * split with one class is a skip. Only the first seed's plan is fitted here (the runner fits every
 * seed's before training, and a task failing there is named then).
 */
export function checkTask(t: Task): TaskCheck {
  const file = taskFileProblem(t);
  if (file) return { status: 'error', message: file };
  try {
    const oneClass = taskOneClassSplit(t);
    if (oneClass) return { status: 'skip', message: oneClass };
    featuresFor(t.config, t.config.grid.seeds[0]);
  } catch (e) {
    if (!(e instanceof SolhError)) throw e;
    return { status: 'error', message: `task ${t.name}: ${e.message}` };
  }
  return { status: 'ok' };
}
