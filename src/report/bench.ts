/**
 * A benchmark across data sets, apart from any rendering: per target and threshold (0.5, τ*), each
 * task's score of each loss (the mean over the seeds every loss finished), its Δ against the
 * baseline, and the tests that take the data set as the unit: average ranks, Friedman with the
 * Iman–Davenport F, the Nemenyi critical difference, Wilcoxon signed-rank with Holm and the
 * Bayesian signed-rank test of each loss against the baseline.
 */
import { RunRecord } from '../experiment/record';
import { canonical } from '../experiment/config';
import { SolhError } from '../errors';
import { AT, At, PAPER_ORDER, recordsByLoss, scoreValue, targetsOf } from './query';
import { FriedmanResult, friedman } from '../stats/friedman';
import { correctedFactor, resampledT } from '../stats/resampled-t';
import { criticalDifference } from '../stats/nemenyi';
import { WilcoxonRow, wilcoxonVsBaseline } from '../stats/wilcoxon-datasets';
import { BayesSignedRankResult, DEFAULT_BAYES_SAMPLES, DEFAULT_ROPE, bayesSignedRank } from '../stats/bayes-signed-rank';

export interface TaskRecords {
  name: string;
  records: RunRecord[];
}

/**
 * The within-data-set test of a loss against the baseline on one task, from the paired differences
 * over seeds and the split's sizes. The per-task table marks each Δ with its verdict (▲ better,
 * ▼ worse, · undecided).
 */
export type WithinTaskTest = (d: number[], split: { nTest: number; nTrain: number }) => { p: number; verdict: string };

/**
 * The corrected resampled t (Nadeau & Bengio 2003) on one task: the seeds resplit one data set, so
 * var(mean) = s² (1/n + n_test/n_train). Each comparison at level 0.05 on its own (no Holm within
 * a task: the table is a description of where the tests across data sets get their ranks).
 */
export const correctedWithinTask: WithinTaskTest = (d, split) => {
  const r = resampledT(d, correctedFactor(d.length, split.nTest, split.nTrain), 0.95);
  if (!r) return { p: 1, verdict: 'undecided' };
  return { p: r.p, verdict: r.p < 0.05 ? (r.mean > 0 ? 'better' : 'worse') : 'undecided' };
};

export interface BenchOptions {
  baseline: string;
  targets?: string[];
  /** Half-width of the Bayesian test's region of practical equivalence. */
  rope?: number;
  /** Level of the Nemenyi critical difference. */
  alpha?: number;
  samples?: number;
  seed?: number;
  withinTask?: WithinTaskTest;
}

export interface TaskDelta {
  task: string;
  loss: string;
  /** Seeds in the task's score (those every loss of the task finished). */
  seeds: number;
  /** The task's score: mean over those seeds. */
  score: number;
  /** score − the baseline's score. */
  delta: number;
  within: { p: number; verdict: string } | null;
}

export interface BayesRow extends BayesSignedRankResult {
  loss: string;
}

export interface AcrossDatasets {
  friedman: FriedmanResult;
  criticalDifference: number;
  alpha: number;
  wilcoxon: WilcoxonRow[];
  bayes: BayesRow[];
}

export interface BenchSection {
  target: string;
  at: At;
  baseline: string;
  /** Tasks with a score of every loss, in the order given. */
  tasks: string[];
  /** Tasks left out of this section, and why. */
  leftOut: { task: string; reason: string }[];
  losses: string[];
  deltas: TaskDelta[];
  /** The tests across data sets, or the one line saying why they were not run. */
  across: AcrossDatasets | { refused: string };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Tasks must share the protocol outside `data`: a task run with other settings is refused by name. */
function checkSameProtocol(tasks: TaskRecords[]): void {
  const rest = (r: RunRecord) => {
    const { data: _d, ...p } = r.protocol;
    return canonical(p);
  };
  const first = tasks[0];
  const ref = rest(first.records[0]);
  for (const t of tasks) {
    if (t.records.some((r) => rest(r) !== ref)) {
      throw new SolhError(`task ${t.name} was run with another protocol than task ${first.name} (settings outside data differ, e.g. training.maxEpochs): rerun it with the suite's settings, or report the two apart`);
    }
  }
}

/** Seeds at which every loss of a task finished (status ok). */
function commonSeeds(by: Map<string, RunRecord[]>, losses: string[]): number[] {
  let seeds: Set<number> | undefined;
  for (const l of losses) {
    const ok = new Set((by.get(l) ?? []).filter((r) => r.status === 'ok').map((r) => r.key.seed));
    seeds = seeds ? new Set([...seeds].filter((s) => ok.has(s))) : ok;
  }
  return [...(seeds ?? [])].sort((a, b) => a - b);
}

function splitSizes(r: RunRecord): { nTest: number; nTrain: number } {
  return { nTest: r.features.rows.test, nTrain: r.features.rows.train };
}

function section(tasks: TaskRecords[], target: string, at: At, o: BenchOptions): BenchSection {
  const value = scoreValue(target, at);
  const perTask = tasks.map((t) => ({ name: t.name, by: recordsByLoss(t.records, target, PAPER_ORDER) }));
  const losses = [...new Set(perTask.flatMap((t) => [...t.by.keys()]))];
  const rank = (l: string) => (PAPER_ORDER.includes(l) ? PAPER_ORDER.indexOf(l) : PAPER_ORDER.length);
  losses.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  if (!losses.includes(o.baseline)) throw new SolhError(`no runs of the baseline ${o.baseline} for target ${target}: losses found are ${losses.join(', ')}`);
  const ordered = [o.baseline, ...losses.filter((l) => l !== o.baseline)];
  const leftOut: { task: string; reason: string }[] = [];
  const deltas: TaskDelta[] = [];
  const kept: string[] = [];
  const scores: number[][] = [];
  for (const t of perTask) {
    const missing = ordered.filter((l) => !t.by.has(l));
    if (missing.length) {
      leftOut.push({ task: t.name, reason: `no runs of ${missing.join(', ')}` });
      continue;
    }
    const seeds = commonSeeds(t.by, ordered);
    if (seeds.length === 0) {
      leftOut.push({ task: t.name, reason: 'no seed at which every loss finished' });
      continue;
    }
    const scoresOf = (l: string) => seeds.map((s) => value(t.by.get(l)!.find((r) => r.key.seed === s)!) ?? NaN);
    const base = scoresOf(o.baseline);
    if (base.some((v) => !Number.isFinite(v))) {
      leftOut.push({ task: t.name, reason: `its records do not evaluate ${target}` });
      continue;
    }
    const row = ordered.map((l) => mean(scoresOf(l)));
    kept.push(t.name);
    scores.push(row);
    ordered.forEach((l, j) => {
      const d = scoresOf(l).map((v, i) => v - base[i]);
      const within = l !== o.baseline && o.withinTask ? o.withinTask(d, splitSizes(t.by.get(l)![0])) : null;
      deltas.push({ task: t.name, loss: l, seeds: seeds.length, score: row[j], delta: row[j] - row[0], within });
    });
  }
  return { target, at, baseline: o.baseline, tasks: kept, leftOut, losses: ordered, deltas, across: across(scores, ordered, o) };
}

function across(scores: number[][], losses: string[], o: BenchOptions): BenchSection['across'] {
  try {
    const alpha = o.alpha ?? 0.05;
    const f = friedman(scores);
    const differences = losses.slice(1).map((loss, j) => ({ method: loss, d: scores.map((row) => row[j + 1] - row[0]) }));
    return {
      friedman: f,
      criticalDifference: criticalDifference(losses.length, scores.length, alpha),
      alpha,
      wilcoxon: wilcoxonVsBaseline(differences),
      bayes: differences.map(({ method, d }) => ({ loss: method, ...bayesSignedRank(d, { rope: o.rope ?? DEFAULT_ROPE, samples: o.samples ?? DEFAULT_BAYES_SAMPLES, seed: o.seed }) })),
    };
  } catch (e) {
    if (e instanceof SolhError) return { refused: e.message };
    throw e;
  }
}

/** Every target the tasks were trained for (or those asked), each at 0.5 and at τ*. */
export function benchSections(tasks: TaskRecords[], o: BenchOptions): BenchSection[] {
  if (tasks.length === 0) throw new SolhError('no task folders with records');
  checkSameProtocol(tasks);
  const found = [...new Set(tasks.flatMap((t) => targetsOf(t.records)))].sort();
  for (const t of o.targets ?? []) if (!found.includes(t)) throw new SolhError(`no runs trained for target "${t}": targets found are ${found.join(', ') || 'none'}`);
  const targets = o.targets ?? found;
  if (targets.length === 0) throw new SolhError('no losses trained for a target: only baseline runs were found');
  return targets.flatMap((target) => AT.map((at) => section(tasks, target, at, o)));
}
