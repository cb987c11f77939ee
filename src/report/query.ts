/**
 * Queries over records, apart from any rendering: which records share a protocol, which targets
 * they were trained for, the runs of each loss for a target, and a run's test score. Shared by
 * table, compare, verdicts and the figures.
 */
import { RunRecord } from '../experiment/record';
import { PAPER } from './paper';
import { SolhError } from '../errors';
import { scoreAt } from '../store/record-schema';

export const PAPER_ORDER = Object.keys(PAPER.f1);

/** Groups of records that may share a table: one protocol (config hash) on one backend. */
export function groupRecords(records: RunRecord[]): RunRecord[][] {
  const groups = new Map<string, RunRecord[]>();
  for (const r of records) {
    const k = `${r.configHash}|${r.backend}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  return [...groups.values()];
}

/** Targets present in a group of records (BCE records serve every target). */
export function targetsOf(records: RunRecord[]): string[] {
  const ts = new Set<string>();
  for (const r of records) if (r.key.target) ts.add(r.key.target);
  return [...ts].sort();
}

/** The targets a group is shown for: those it was trained for, or for BCE alone the protocol's curve scores. */
export function tabledTargets(group: RunRecord[]): string[] {
  const ts = targetsOf(group);
  return ts.length ? ts : [...(group[0].protocol?.evaluation?.curveScores ?? ['f1'])];
}

/** Every target the tables of these records can show (see tabledTargets). */
export function tableTargets(records: RunRecord[]): string[] {
  return [...new Set(groupRecords(records).flatMap(tabledTargets))].sort();
}

/** A target asked for that the records do not have: one error for table, compare and report. */
export function checkTargets(asked: string[] | undefined, found: string[]): void {
  for (const t of asked ?? []) {
    if (!found.includes(t)) throw new SolhError(`no runs trained for target "${t}": targets found are ${found.join(', ') || 'none'}`);
  }
}

/** Records that serve a target (BCE's have target null), grouped by loss in the paper's order, seeds ascending. */
export function recordsByLoss(records: RunRecord[], target: string, order: string[] = PAPER_ORDER): Map<string, RunRecord[]> {
  const by = new Map<string, RunRecord[]>();
  for (const r of records) {
    if (r.key.target !== null && r.key.target !== target) continue;
    if (!by.has(r.key.loss)) by.set(r.key.loss, []);
    by.get(r.key.loss)!.push(r);
  }
  const rank = (l: string) => (order.includes(l) ? order.indexOf(l) : order.length);
  const losses = [...by.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return new Map(losses.map((l) => [l, by.get(l)!.sort((a, b) => a.key.seed - b.key.seed)]));
}

/** Which test score a run is judged by: at the fixed threshold 0.5 or at its own τ* (chosen on train). */
export const AT = ['0.5', 'tau'] as const;
export type At = (typeof AT)[number];

/** A run's test score at the decision threshold (`0.5`) or at its τ*, or undefined when the record does not evaluate it. */
export function scoreValue(score: string, at: At): (r: RunRecord) => number | undefined {
  return (r) => scoreAt(r.evaluation[score], 'test', at === 'tau' ? 'tau' : 'threshold');
}
