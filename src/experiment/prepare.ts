/**
 * From a config and a seed to examples: load the table (once per process), split it by the seed,
 * fit the feature plan (categories, medians) and the scaling (data.scaling) on the training split
 * only, and lay out train / validation / test as flat float32 arrays (the fused step reads
 * them directly; the tfjs training kernel makes its own tensors).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { stratifiedSplit, fitScaler, applyScaler, Split } from '../data';
import { CellTable, parseCells, readDataFile } from '../data/csv';
import { ColumnKind, columnKinds, columnWidth, encodeRows, fitFeatures, rowHasMissing } from '../data/features';
import { Config } from './config';
import { SolhError } from '../errors';
import { packageRoot } from './package-info';
import type { Examples } from '../train/engine';

export interface PreparedPart extends Examples {
  labels: Uint8Array;
}

export interface PreparedData {
  seed: number;
  width: number;
  /** The feature plan of this seed, for the record. */
  features: FeatureSummary;
  train: PreparedPart;
  validation: PreparedPart;
  test: PreparedPart;
}

/** A relative data path is looked up in the working folder, then in the package (the shipped data). */
export function resolveDataPath(path: string): string {
  if (isAbsolute(path)) return path;
  const here = resolve(path);
  if (existsSync(here)) return here;
  const shipped = resolve(packageRoot(), path);
  return existsSync(shipped) ? shipped : here;
}

/**
 * The data of a run, read once: the text every seed's split is made from and the checksum of the
 * very bytes it came from. The runner reads it and hands the same text to its workers, so a file
 * replaced while a grid starts cannot give records one file's hash and another file's scores.
 */
export interface DataSource {
  path: string;
  text: string;
  sha256: string;
}

export function readDataSource(path: string): DataSource {
  const bytes = readDataFile(resolveDataPath(path));
  return { path, text: bytes.toString('utf8'), sha256: createHash('sha256').update(bytes).digest('hex') };
}

export function dataChecksum(path: string): string {
  return readDataSource(path).sha256;
}

export interface ConfiguredTable { table: CellTable; kinds: ColumnKind[] }
const tables = new Map<string, ConfiguredTable>();

/**
 * The table with its column kinds decided; whole-file problems (text, missing under `error`) throw
 * here. Read from `source` (by default the file, read now); kept per data settings and checksum.
 */
export function loadConfiguredTable(c: Config, source: DataSource = readDataSource(c.data.path)): ConfiguredTable {
  const key = `${source.sha256} ${JSON.stringify(c.data)}`;
  let t = tables.get(key);
  if (!t) {
    const { label, drop, positive, categorical, missing, delimiter } = c.data;
    const table = parseCells(source.text, resolveDataPath(c.data.path), { label, drop, positive, delimiter, dropMissingLabels: missing !== 'error' });
    t = { table, kinds: columnKinds(table, categorical, missing) };
    tables.set(key, t);
  }
  return t;
}

type Parts<T> = { train: T; validation: T; test: T };
const PARTS = ['train', 'validation', 'test'] as const;

/** The feature plan of one seed as a record holds it: what became which features, and what was filled in. */
export interface FeatureSummary {
  /** Rows used per split, and rows left out: for a missing label (before splitting) and by drop-rows (per split). */
  rows: Parts<number>;
  droppedRows: { missingLabel: number } & Parts<number>;
  width: number;
  columns: {
    name: string;
    kind: ColumnKind;
    features: number;
    categories?: string[];
    /** Under impute, for a numeric column with missing cells: the training median used. */
    median?: number;
    /** Missing cells filled in, per split (only for columns that had any). */
    imputedCells?: Parts<number>;
    /** Categories training never saw, encoded as all zeros, per split (categorical columns). */
    unseenCells?: Parts<number>;
  }[];
}

export interface SeedFeatures {
  summary: FeatureSummary;
  featureNames: string[];
  /** Encoded rows and labels per split, in split order. */
  parts: Parts<{ rows: Float64Array[]; labels: Uint8Array }>;
}

/**
 * Split by the seed, drop incomplete rows per split (drop-rows), fit the plan on the training rows
 * and encode every split with it.
 */
export function featuresFor(c: Config, seed: number, source?: DataSource): SeedFeatures {
  const { table, kinds } = loadConfiguredTable(c, source);
  const drawn = stratifiedSplit(table.labels, c.split, seed);
  const dropRows = c.data.missing === 'drop-rows';
  const split = {} as Split;
  const dropped = { missingLabel: table.missingLabelLines.length, train: 0, validation: 0, test: 0 };
  for (const p of PARTS) {
    split[p] = dropRows ? drawn[p].filter((i) => !rowHasMissing(table, i)) : drawn[p];
    dropped[p] = drawn[p].length - split[p].length;
    for (const cls of [0, 1]) {
      if (!split[p].some((i) => table.labels[i] === cls)) {
        throw new SolhError(`after data.missing drop-rows left out ${dropped[p]} rows with missing cells, the ${p} split of seed ${seed} has no rows of class ${cls}; leave out the columns with most missing cells (data.drop), or set data.missing to impute`, { setting: 'data.missing' });
      }
    }
  }
  const plan = fitFeatures(table, kinds, split.train, c.data.categorical, c.data.missing, `the training split of seed ${seed}`);
  const enc = { train: encodeRows(table, plan, split.train), validation: encodeRows(table, plan, split.validation), test: encodeRows(table, plan, split.test) };
  const perPart = (f: (p: typeof PARTS[number]) => number): Parts<number> => ({ train: f('train'), validation: f('validation'), test: f('test') });
  const summary: FeatureSummary = {
    rows: perPart((p) => split[p].length),
    droppedRows: dropped,
    width: plan.featureNames.length,
    columns: plan.columns.map((col, j) => {
      const imputed = perPart((p) => enc[p].missingCells[j]);
      const any = imputed.train + imputed.validation + imputed.test > 0;
      return {
        name: col.name,
        kind: col.kind,
        features: columnWidth(col),
        ...(col.categories ? { categories: [...col.categories, ...(col.missingCategory ? ['(missing)'] : [])] } : {}),
        ...(any && col.median !== undefined ? { median: col.median } : {}),
        ...(any ? { imputedCells: imputed } : {}),
        ...(col.kind === 'categorical' ? { unseenCells: perPart((p) => enc[p].unseenCells[j]) } : {}),
      };
    }),
  };
  const parts = {} as SeedFeatures['parts'];
  for (const p of PARTS) parts[p] = { rows: enc[p].rows, labels: Uint8Array.from(split[p], (i) => table.labels[i]) };
  return { summary, featureNames: plan.featureNames, parts };
}

export function prepareData(c: Config, seed: number, source?: DataSource): PreparedData {
  const { summary, parts: enc } = featuresFor(c, seed, source);
  const all = (p: keyof typeof enc) => enc[p].rows.map((_, i) => i);
  const scaler = fitScaler(enc.train.rows, all('train'), c.data.scaling);
  const width = summary.width;
  const part = (p: keyof typeof enc): PreparedPart => ({
    x: applyScaler(enc[p].rows, all(p), scaler),
    y: Float32Array.from(enc[p].labels),
    rows: enc[p].rows.length,
    width,
    labels: enc[p].labels,
  });
  return {
    seed,
    width,
    features: summary,
    train: part('train'),
    validation: part('validation'),
    test: part('test'),
  };
}
