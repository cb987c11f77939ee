/**
 * E(p) tables built once per process, not once per worker or per grid: each worker thread builds
 * its share of the tables the grid's losses read (every `workers`-th one) into shared memory, and
 * the pool hands every worker all of them before the first run; the next pool of the process (the
 * next grid of a sweep or a suite) hands its workers the tables of the last one, which they adopt
 * instead of building. A table takes ~50–70 ms and a grid reads eight, so two workers building all
 * of them each spent ~0.5 s of a core on the same numbers twice, and again for every grid.
 */
import type { Config } from './config';
import { parseLoss, lossFamily } from 'solh-losses/core';
import { adoptTable, cachedTable, tableKey, ExpectationTable } from 'solh-losses/core';

/** A table in shared memory, with its cache key. */
export interface SharedTable {
  key: string;
  table: ExpectationTable;
}

/** The tables the grid's score losses read: one per (step, continuous distribution), in grid order. */
function gridTables(c: Config) {
  const seen = new Set<string>();
  const out: { key: string; build: () => ExpectationTable }[] = [];
  for (const text of c.grid.losses) {
    const spec = parseLoss(text, c.loss.delta);
    if (lossFamily(spec.family).training !== 'score' || !spec.step || !spec.dist || spec.dist.kind === 'point') continue;
    const { step, dist } = spec;
    const key = tableKey(step, dist, c.loss.tableBits);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key, build: () => cachedTable(step, dist, c.loss.tableBits) });
  }
  return out;
}

function shared(a: Float32Array): Float32Array {
  const s = new Float32Array(new SharedArrayBuffer(a.byteLength));
  s.set(a);
  return s;
}

/** Builds worker `index`'s share of the grid's tables (of `workers`), in shared memory. */
export function buildTableShare(c: Config, index: number, workers: number): SharedTable[] {
  return gridTables(c)
    .filter((_, i) => i % workers === index)
    .map(({ key, build }) => {
      const t = build();
      // A table adopted from the last grid is in shared memory already.
      const table: ExpectationTable = t.e.buffer instanceof SharedArrayBuffer ? t : { size: t.size, e: shared(t.e), eStep: shared(t.eStep), de: shared(t.de), deStep: shared(t.deStep) };
      adoptTable(key, table);
      return { key, table };
    });
}

/** Takes the tables other workers built. */
export function adoptTables(tables: SharedTable[]): void {
  for (const { key, table } of tables) adoptTable(key, table);
}
