/**
 * Compares the records of a results folder with a snapshot: every number of every run present in
 * both, with the run block (timing) left out. A row drifts when any number differs by more than
 * the tolerance, or when anything else (status, backend, protocol) differs.
 */
import { RunRecord, comparablePair, keyId, largestDifference, recordFileName } from '../experiment/record';


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
    const d = largestDifference(...comparablePair(r, s));
    if (d.difference > tolerance) out.drifts.push({ run: keyId(s.key), ...d });
  }
  return out;
}
