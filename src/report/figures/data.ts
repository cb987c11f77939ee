/** From run records to the numbers the figures draw: pure summaries, no drawing. */
import { RunRecord } from '../../experiment/record';
import { SolhError } from '../../errors';
import { recordsByLoss } from '../query';

import { mean, sampleStandardDeviation } from 'simple-statistics';

export interface ThresholdSeries {
  loss: string;
  seeds: number[];
  thresholds: number[];
  /** Test score at each threshold: mean, minimum, maximum and sample sd (0 for one seed) over seeds. */
  mean: number[];
  min: number[];
  max: number[];
  sd: number[];
  /** Mean over seeds of the τ* each run chose on its training set. */
  tauStar: number;
}

export type Band = 'minmax' | 'sd' | 'auto';
export const BANDS: Band[] = ['auto', 'minmax', 'sd'];
/** With 'auto': min–max shows every seed while seeds are few; past this many the extremes say little and ± sd is drawn. */
export const MINMAX_MAX_SEEDS = 5;

export function chooseBand(band: Band, seeds: number): 'minmax' | 'sd' {
  if (band !== 'auto') return band;
  return seeds > MINMAX_MAX_SEEDS ? 'sd' : 'minmax';
}

const sd = (xs: number[]) => (xs.length > 1 ? sampleStandardDeviation(xs) : 0);

/** Test score against threshold per loss, over the finished runs that recorded a curve for the target. */
export function thresholdSeries(records: RunRecord[], target: string): ThresholdSeries[] {
  const out: ThresholdSeries[] = [];
  for (const [loss, rs] of recordsByLoss(records, target)) {
    const ok = rs.filter((r) => r.status === 'ok' && r.curves?.test?.[target] && r.evaluation?.[target]);
    if (ok.length === 0) continue;
    const thresholds = ok[0].curves.thresholds;
    const odd = ok.find((r) => r.curves.thresholds.length !== thresholds.length || r.curves.test[target].length !== thresholds.length);
    if (odd) throw new SolhError(`record ${loss} seed ${odd.key.seed} has a threshold grid unlike seed ${ok[0].key.seed}'s: the folder mixes protocols; keep one config per results folder`);
    const at = (i: number) => ok.map((r) => r.curves.test[target][i]);
    out.push({
      loss,
      seeds: ok.map((r) => r.key.seed),
      thresholds,
      mean: thresholds.map((_, i) => mean(at(i))),
      min: thresholds.map((_, i) => Math.min(...at(i))),
      max: thresholds.map((_, i) => Math.max(...at(i))),
      sd: thresholds.map((_, i) => sd(at(i))),
      tauStar: mean(ok.map((r) => r.evaluation[target].tauStar)),
    });
  }
  return out;
}

export interface LearningSeries {
  loss: string;
  seed: number;
  status: RunRecord['status'];
  trainLoss: number[];
  validationLoss: number[];
  /** 1-based epoch whose weights were kept (early stopping). */
  bestEpoch: number;
}

/** Train and validation loss per epoch of one seed's run for each loss. */
export function learningSeries(records: RunRecord[], target: string, seed: number): LearningSeries[] {
  const out: LearningSeries[] = [];
  for (const [loss, rs] of recordsByLoss(records, target)) {
    const r = rs.find((x) => x.key.seed === seed);
    if (!r) continue;
    out.push({ loss, seed, status: r.status, trainLoss: r.history.trainLoss, validationLoss: r.history.validationLoss, bestEpoch: r.bestEpoch });
  }
  return out;
}

/** Seeds present for a target, ascending. */
export function seedsOf(records: RunRecord[], target: string): number[] {
  return [...new Set(records.filter((r) => r.key.target === null || r.key.target === target).map((r) => r.key.seed))].sort((a, b) => a - b);
}

/** Figures average over seeds, so every record must come from one protocol on one backend. */
export function checkOneProtocol(records: RunRecord[], dir: string): void {
  const kinds = [...new Set(records.map((r) => `config ${r.configHash} on ${r.backend}`))];
  if (kinds.length > 1) {
    throw new SolhError(`${dir} mixes ${kinds.length} protocols (${kinds.join('; ')}): figures average over seeds of one protocol, so keep each config's records in its own folder`);
  }
}

/** Seeds in a subtitle: a range when contiguous, a short list, or a count. */
export function describeSeeds(seeds: number[]): string {
  const s = [...new Set(seeds)].sort((a, b) => a - b);
  if (s.length === 1) return `seed ${s[0]}`;
  if (s.length > 3 && s[s.length - 1] - s[0] === s.length - 1) return `seeds ${s[0]}–${s[s.length - 1]}`;
  return s.length <= 8 ? `seeds ${s.join(', ')}` : `${s.length} seeds`;
}
