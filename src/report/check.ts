/**
 * Compares the records of a results folder with a snapshot: every number of every run present in
 * both, with the run block (timing) left out. A row drifts when any number differs by more than
 * the tolerance, or when anything else (status, backend, protocol) differs.
 */
import { RunRecord, comparable, keyId, recordFileName } from '../experiment/record';

export interface Drift {
  run: string;
  /** Path of the field that differs most, and by how much (Infinity for non-numeric differences). */
  field: string;
  difference: number;
}

export interface CheckResult {
  compared: number;
  missing: string[];
  drifts: Drift[];
}

/** The largest difference between two JSON values, and where it is. */
export function largestDifference(a: unknown, b: unknown, path = ''): { field: string; difference: number } {
  if (typeof a === 'number' && typeof b === 'number') {
    const d = Number.isNaN(a) && Number.isNaN(b) ? 0 : Math.abs(a - b);
    return { field: path, difference: Number.isNaN(d) ? Infinity : d };
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    let worst = { field: path, difference: 0 };
    for (const k of keys) {
      const d = largestDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      if (d.difference > worst.difference) worst = d;
    }
    return worst;
  }
  return { field: path, difference: a === b ? 0 : Infinity };
}

export function checkAgainst(results: RunRecord[], snapshot: RunRecord[], tolerance: number): CheckResult {
  const mine = new Map(results.map((r) => [recordFileName(r.key), r]));
  const out: CheckResult = { compared: 0, missing: [], drifts: [] };
  for (const s of snapshot) {
    const r = mine.get(recordFileName(s.key));
    if (!r) {
      out.missing.push(keyId(s.key));
      continue;
    }
    out.compared++;
    const d = largestDifference(comparable(r), comparable(s));
    if (d.difference > tolerance) out.drifts.push({ run: keyId(s.key), ...d });
  }
  return out;
}
