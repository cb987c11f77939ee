/**
 * E(p) tables built once, not once per worker or per grid: each worker thread takes its share of
 * the tables the grid's losses read (every `workers`-th one) into shared memory, and the pool hands
 * every worker all of them before the first run; the next pool of the process (the next grid of a
 * sweep or a suite) hands its workers the tables of the last one, which they adopt. A worker reads
 * its share from the table files of earlier processes (src/store/table-files.ts) and builds, then
 * writes, only the ones missing there: the paper grid's eight tables take ~1 s of a core to build.
 */
import type { Config } from './config';
import { parseLoss, lossFamily } from 'solh-losses/core';
import { adoptTable, cachedTable, tableInCache, tableKey, ExpectationTable } from 'solh-losses/core';
import { readTableFile, tableCacheDir, writeTableFile } from '../store/table-files';

/** A table in shared memory, with its cache key. */
export interface SharedTable {
  key: string;
  table: ExpectationTable;
}

/** The tables the grid's score losses read: one per (step, continuous distribution), in grid order. */
function gridTables(c: Config) {
  const seen = new Set<string>();
  const out: { key: string; size: number; build: () => ExpectationTable }[] = [];
  for (const text of c.grid.losses) {
    const spec = parseLoss(text, c.loss.delta);
    if (lossFamily(spec.family).training !== 'score' || !spec.step || !spec.dist || spec.dist.kind === 'point') continue;
    const { step, dist } = spec;
    const key = tableKey(step, dist, c.loss.tableBits);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key, size: 2 ** c.loss.tableBits, build: () => cachedTable(step, dist, c.loss.tableBits) });
  }
  return out;
}

function shared(a: Float32Array): Float32Array {
  const s = new Float32Array(new SharedArrayBuffer(a.byteLength));
  s.set(a);
  return s;
}

/**
 * Worker `index`'s share of the grid's tables (of `workers`), in shared memory: adopted from the
 * last grid, else read from the table files, else built (and written there).
 */
export function buildTableShare(c: Config, index: number, workers: number, cacheDir = tableCacheDir()): SharedTable[] {
  return gridTables(c)
    .filter((_, i) => i % workers === index)
    .map(({ key, size, build }) => {
      const adopted = tableInCache(key);
      // A table adopted from the last grid is in shared memory already.
      if (adopted?.e.buffer instanceof SharedArrayBuffer) return { key, table: adopted };
      const read = cacheDir !== undefined && !adopted ? readTableFile(cacheDir, key, size) : undefined;
      if (read) {
        adoptTable(key, read);
        return { key, table: read };
      }
      const t = build();
      const table: ExpectationTable = { size: t.size, e: shared(t.e), eStep: shared(t.eStep), de: shared(t.de), deStep: shared(t.deStep) };
      if (cacheDir !== undefined) writeTableFile(cacheDir, key, table);
      adoptTable(key, table);
      return { key, table };
    });
}

/** Takes the tables other workers built. */
export function adoptTables(tables: SharedTable[]): void {
  for (const { key, table } of tables) adoptTable(key, table);
}
