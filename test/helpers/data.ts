/** Shared test helpers for test/data (no tests here). */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SolhError } from '../../src/errors';
import { parseCells, readDataFile, CellTable, TableOptions } from '../../src/data/csv';
import { columnKinds, encodeRows, fitFeatures } from '../../src/data/features';

/** Repo root: walk up from here (dist/test/data or a scratch build) and from cwd to a folder with package.json and data/. */
function repoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let d = start; ; d = dirname(d)) {
      if (existsSync(join(d, 'package.json')) && existsSync(join(d, 'data', 'actg175.csv'))) return d;
      if (dirname(d) === d) break;
    }
  }
  throw new Error('cannot find the repository root (a folder with package.json and data/actg175.csv)');
}

export const actgPath = (): string => join(repoRoot(), 'data', 'actg175.csv');

const tempDirs: string[] = [];
process.on('exit', () => { for (const d of tempDirs) rmSync(d, { recursive: true, force: true }); });

/** Writes text to a fresh temp file (removed at exit) and returns its path. */
export function tempFile(name: string, text: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'solh-data-'));
  tempDirs.push(dir);
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** Asserts that fn throws a one-line SolhError whose message matches every pattern. */
export function throwsSolh(fn: () => unknown, ...patterns: RegExp[]): SolhError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof SolhError, `expected a SolhError, got ${err === undefined ? 'no error' : String(err)}`);
  assert.ok(!err.message.includes('\n'), `message must be one line: ${JSON.stringify(err.message)}`);
  for (const p of patterns) assert.match(err.message, p);
  return err;
}

/**
 * The live loader read as an all-numeric table, the way prepare.ts reads a file with
 * `categorical: none` and `missing: error`: parseCells, then columnKinds and the feature plan over
 * every row (so every cell must be a finite number).
 */
export function readNumeric(text: string, source: string, opts: TableOptions): { featureNames: string[]; rows: Float64Array[]; labels: Uint8Array; source: string } {
  const t = parseCells(text, source, { ...opts, dropMissingLabels: false });
  const kinds = columnKinds(t, 'none', 'error');
  const all = t.cells.map((_, i) => i);
  const plan = fitFeatures(t, kinds, all, 'none', 'error', 'all rows');
  return { featureNames: plan.featureNames, rows: encodeRows(t, plan, all).rows, labels: t.labels, source: t.source };
}

/** readNumeric of a file, read as prepare.ts reads it (readDataFile, UTF-8). */
export function loadNumeric(path: string, opts: TableOptions): ReturnType<typeof readNumeric> {
  return readNumeric(readDataFile(path).toString('utf8'), path, opts);
}

/** The live loader's text cells of a file, read as prepare.ts reads it. */
export function loadCells(path: string, opts: TableOptions & { dropMissingLabels: boolean }): CellTable {
  return parseCells(readDataFile(path).toString('utf8'), path, opts);
}
