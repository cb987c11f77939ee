/**
 * What a record says about its test set beyond the scores: its size, its positives, and whether the
 * run collapsed to one class (every test prediction the same). New records state collapse and
 * positives (written at evaluation time); for older records they are derived from the scores, and
 * only where the scores determine them exactly:
 * - collapse at the decision threshold: no positive prediction ⇔ recall = 0 and specificity = 1;
 *   no negative prediction ⇔ recall = 1 and specificity = 0 (exact when the test set holds both
 *   classes, which the stratified split guarantees);
 * - collapse at a score's τ*: not derivable (each score has its own τ*, and the record keeps only
 *   that score's value there), so unknown for older records;
 * - test positives: the one P for which recall·P, specificity·(n − P), accuracy and precision at
 *   the threshold agree with integer counts; unknown when more than one P fits.
 * Pure: records in, numbers out.
 */
import { RunRecord } from '../experiment/record';
import type { At } from './query';
import { scoreAt } from '../store/record-schema';

const INTEGER = 1e-6;
const SAME = 1e-9;

/** Rows of the record's test split, when the record holds its feature plan. */
export function testRows(r: RunRecord): number | undefined {
  return r.features?.rows?.test;
}

/** Rows the record's model was trained on (its training split). */
export function trainRows(r: RunRecord): number | undefined {
  return r.features?.rows?.train;
}

const derivedPositives = new WeakMap<RunRecord, number | null>();

/** Positives in the test split: as recorded, or the unique count the scores at the threshold imply. */
export function testPositives(r: RunRecord): number | undefined {
  if (typeof r.testPositives === 'number') return r.testPositives;
  if (!derivedPositives.has(r)) derivedPositives.set(r, derivePositives(r));
  return derivedPositives.get(r) ?? undefined;
}

function derivePositives(r: RunRecord): number | null {
  const n = testRows(r);
  const e = r.evaluation;
  if (n === undefined || r.status !== 'ok' || !e.recall || !e.specificity || !e.accuracy || !e.precision) return null;
  const [rec, spec, acc, prec] = [e.recall, e.specificity, e.accuracy, e.precision].map((s) => scoreAt(s, 'test', 'threshold')!);
  const fits: number[] = [];
  for (let p = 1; p < n; p++) {
    const tp = rec * p;
    const tn = spec * (n - p);
    if (Math.abs(tp - Math.round(tp)) > INTEGER || Math.abs(tn - Math.round(tn)) > INTEGER) continue;
    const [TP, TN] = [Math.round(tp), Math.round(tn)];
    const FP = n - p - TN;
    if (Math.abs((TP + TN) / n - acc) > SAME) continue;
    if (Math.abs((TP + FP === 0 ? 0 : TP / (TP + FP)) - prec) > SAME) continue;
    fits.push(p);
    if (fits.length > 1) return null;
  }
  return fits.length === 1 ? fits[0] : null;
}

/**
 * Whether a run's test predictions are all one class, judged where `score` is read: at the decision
 * threshold, or at that score's τ*. undefined when the record cannot tell (see the module comment).
 */
export function collapsed(r: RunRecord, score: string, at: At): boolean | undefined {
  if (r.status !== 'ok') return undefined;
  if (r.collapsed) return at === 'tau' ? r.collapsed.atTau[score] : r.collapsed.atThreshold;
  if (at === 'tau') return undefined;
  const rec = scoreAt(r.evaluation.recall, 'test', 'threshold');
  const spec = scoreAt(r.evaluation.specificity, 'test', 'threshold');
  if (rec === undefined || spec === undefined) return undefined;
  return (rec === 0 && spec === 1) || (rec === 1 && spec === 0);
}
