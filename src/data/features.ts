/**
 * The feature plan: from a table of text cells to numeric features, the way scikit-learn's
 * ColumnTransformer + OneHotEncoder(handle_unknown='ignore') + SimpleImputer(add_indicator=True) do it.
 * Column kinds are read from the whole file (a schema, like a CSV reader's dtypes); everything
 * fitted (categories, medians, which columns get a was-missing indicator) comes from training
 * rows only, so validation and test rows leak nothing into the features.
 */
import { SolhError } from '../errors';
import { CellTable, cellKind, isMissing, listCols, q } from './csv';

/** `auto`: every column that is not numeric is categorical; `none`: none is; a list: exactly those. */
export type CategoricalSetting = 'auto' | 'none' | string[];
/** The config's data.missing choices: refuse missing cells, drop their rows, or impute them. */
export const MISSING_SETTINGS = ['error', 'drop-rows', 'impute'] as const;
export type MissingSetting = (typeof MISSING_SETTINGS)[number];
export type ColumnKind = 'numeric' | 'categorical';

/** More categories than this (in the training rows) and an auto-detected column is refused. */
const MAX_CATEGORIES = 50;
/** An auto-detected column with at least this many categories, nearly one per row, is refused too. */
const ID_MIN_CATEGORIES = 10;
const ID_SHARE = 0.9;

export interface ColumnPlan {
  name: string;
  kind: ColumnKind;
  /** Numeric under impute: the training median that replaces a missing cell. */
  median?: number;
  /** Numeric: a 0/1 "was missing" feature follows (training rows had missing cells). */
  indicator?: boolean;
  /** Categorical: the training categories, in code-point order; one feature each. */
  categories?: string[];
  /** Categorical under impute: a "missing" category (training rows had missing cells), encoded last. */
  missingCategory?: boolean;
}

export interface FeaturePlan {
  columns: ColumnPlan[];
  /** One name per feature: `col`, `col (missing)` for an indicator, `col=value` and `col=(missing)` for categories. */
  featureNames: string[];
}

/** Feature count of one column under a plan. */
export function columnWidth(c: ColumnPlan): number {
  return c.kind === 'numeric' ? 1 + (c.indicator ? 1 : 0) : c.categories!.length + (c.missingCategory ? 1 : 0);
}

/**
 * Decides each feature column's kind from the whole file, and refuses what cannot be read: text in
 * a numeric column, infinite numbers, and (under `error`) any missing cell, each with its fix.
 */
export function columnKinds(t: CellTable, categorical: CategoricalSetting, missing: MissingSetting): ColumnKind[] {
  const src = q(t.source);
  const listed = Array.isArray(categorical) ? new Set(categorical) : undefined;
  if (listed) {
    for (const name of listed) {
      if (!t.featureNames.includes(name)) {
        throw new SolhError(`data.categorical lists ${q(name)}, which is not a feature column of ${src} (it is missing, the label, or dropped); feature columns: ${listCols(t.featureNames)}`, { setting: 'data.categorical' });
      }
    }
  }
  const kinds = t.featureNames.map((name, j): ColumnKind => {
    if (listed) return listed.has(name) ? 'categorical' : 'numeric';
    if (categorical === 'none') return 'numeric';
    let numbers = 0;
    let firstText = -1;
    for (let i = 0; i < t.cells.length; i++) {
      const cell = t.cells[i][j];
      if (isMissing(cell)) continue;
      if (cellKind(cell) === 'text') { if (firstText < 0) firstText = i; } else numbers++;
    }
    if (firstText < 0) return 'numeric';
    if (numbers === 0) return 'categorical';
    // Mostly numbers with some text is more often a typo or an unlisted missing spelling than categories.
    const cell = t.cells[firstText][j];
    throw new SolhError(`line ${t.lines[firstText]} of ${src}, column ${q(name)} (column ${j + 1}): ${q(cell)} is not a number but ${numbers} other cells of the column are; fix the value, list it in data.categorical to read every value as a category, or leave the column out by adding ${q(name)} to data.drop`, { setting: 'data.drop' });
  });
  // Row by row, so the first problem in the file is the one reported.
  for (let i = 0; i < t.cells.length; i++) {
    t.featureNames.forEach((name, j) => {
      const cell = t.cells[i][j];
      // Written only for a message: for every cell it took more time than the checks.
      const where = () => `line ${t.lines[i]} of ${src}, column ${q(name)} (column ${j + 1})`;
      if (isMissing(cell)) {
        if (missing === 'error') {
          throw new SolhError(`${where()}: missing value (${cell === '' ? 'empty cell' : q(cell)}); fill it in, leave the column out by adding ${q(name)} to data.drop, or set data.missing to impute (training median or a "missing" category) or to drop-rows`, { setting: 'data.missing' });
        }
        return;
      }
      if (kinds[j] === 'categorical') return;
      const kind = cellKind(cell);
      if (kind === 'non-finite') {
        const what = /inf/i.test(cell) ? 'is not a finite number' : 'is too large to be a finite number';
        throw new SolhError(`${where()}: ${q(cell)} ${what}; fix the value or leave the column out by adding ${q(name)} to data.drop`, { setting: 'data.drop' });
      }
      if (kind === 'text') {
        const how = categorical === 'none' ? 'set data.categorical to auto' : `add ${q(name)} to data.categorical`;
        // The user chose the columns read as categories: that choice is the likely fix.
        throw new SolhError(`${where()}: ${q(cell)} is not a number; fix the value, leave the column out by adding ${q(name)} to data.drop, or ${how} to read it as categories`, { setting: 'data.categorical' });
      }
    });
  }
  return kinds;
}

/** Whether row i has a missing feature cell (drop-rows leaves such rows out of every split). */
export function rowHasMissing(t: CellTable, i: number): boolean {
  return t.cells[i].some(isMissing);
}

/**
 * Fits the plan on the training rows `train` only. `auto` columns that look like identifiers are
 * refused; listed ones are taken as the user says. `where` names the split in messages.
 */
export function fitFeatures(t: CellTable, kinds: ColumnKind[], train: number[], categorical: CategoricalSetting, missing: MissingSetting, where: string): FeaturePlan {
  const columns = t.featureNames.map((name, j): ColumnPlan => {
    const present: string[] = [];
    let missingCells = 0;
    for (const i of train) {
      const cell = t.cells[i][j];
      if (isMissing(cell)) missingCells++;
      else present.push(cell);
    }
    const empty = () => new SolhError(`column ${q(name)} has no values in ${where} (all ${train.length} cells are missing); leave it out by adding ${q(name)} to data.drop`, { setting: 'data.drop' });
    if (kinds[j] === 'numeric') {
      if (missing !== 'impute') return { name, kind: 'numeric' };
      if (present.length === 0) throw empty();
      return { name, kind: 'numeric', median: median(present.map(Number)), indicator: missingCells > 0 };
    }
    // Code-point order: the same categories give the same features whatever the row order or locale.
    const categories = [...new Set(present)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const missingCategory = missing === 'impute' && missingCells > 0;
    if (categories.length === 0 && !missingCategory) throw empty();
    if (categorical === 'auto') {
      const idLike = categories.length > MAX_CATEGORIES || (categories.length >= ID_MIN_CATEGORIES && categories.length >= ID_SHARE * present.length);
      if (idLike) {
        throw new SolhError(`column ${q(name)} looks like an identifier (${categories.length} distinct text values in ${present.length} cells of ${where}; at most ${MAX_CATEGORIES} categories are one-hot encoded); list it in data.categorical if it really is a category, or leave it out by adding ${q(name)} to data.drop`, { setting: 'data.drop' });
      }
    }
    return { name, kind: 'categorical', categories, missingCategory };
  });
  const featureNames = columns.flatMap((c) => c.kind === 'numeric'
    ? [c.name, ...(c.indicator ? [`${c.name} (missing)`] : [])]
    : [...c.categories!.map((v) => `${c.name}=${v}`), ...(c.missingCategory ? [`${c.name}=(missing)`] : [])]);
  return { columns, featureNames };
}

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(xs: number[]): number {
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : s[m - 1] / 2 + s[m] / 2;
}

export interface Encoded {
  /** One row per index, plan.featureNames.length wide, every value finite. */
  rows: Float64Array[];
  /** Per column: missing cells filled in (median, indicator, "missing" category or, unseen in training, all zeros). */
  missingCells: number[];
  /** Per categorical column: cells whose category training never saw (encoded as all zeros). */
  unseenCells: number[];
}

/** Applies a fitted plan to rows `indices` of the table. */
export function encodeRows(t: CellTable, plan: FeaturePlan, indices: number[]): Encoded {
  const width = plan.featureNames.length;
  const missingCells = plan.columns.map(() => 0);
  const unseenCells = plan.columns.map(() => 0);
  const lookup = plan.columns.map((c) => new Map((c.categories ?? []).map((v, k) => [v, k])));
  const rows = indices.map((i) => {
    const row = new Float64Array(width);
    let at = 0;
    plan.columns.forEach((c, j) => {
      const cell = t.cells[i][j];
      const gone = isMissing(cell);
      if (gone) missingCells[j]++;
      if (c.kind === 'numeric') {
        if (gone && c.median === undefined) throw new Error(`bug: missing cell at line ${t.lines[i]}, column ${c.name}, with no imputation`);
        row[at] = gone ? c.median! : Number(cell);
        if (c.indicator) row[at + 1] = gone ? 1 : 0;
      } else if (gone) {
        if (c.missingCategory) row[at + c.categories!.length] = 1;
      } else {
        const k = lookup[j].get(cell);
        if (k === undefined) unseenCells[j]++;
        else row[at + k] = 1;
      }
      at += columnWidth(c);
    });
    return row;
  });
  return { rows, missingCells, unseenCells };
}
