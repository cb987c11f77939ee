/**
 * The Bayesian signed-rank test (Benavoli, Corani, Demšar & Zaffalon 2017, JMLR 18(77), §5; Benavoli
 * et al. 2014, ICML): the differences z_1..z_n of a method against a baseline over n data sets, with a
 * Dirichlet process prior whose pseudo-observation z_0 = 0 has weight `prior`. A posterior draw is
 * w ~ Dirichlet(prior, 1, …, 1) over (z_0, …, z_n); its probabilities of the three regions are
 *   θ_worse  = Σ_ij w_i w_j [z_i + z_j < −2r],   θ_better = Σ_ij w_i w_j [z_i + z_j > 2r],
 *   θ_equiv  = 1 − θ_worse − θ_better          (a sum exactly at ±2r counts one half),
 * for a region of practical equivalence (rope) ±r. P(worse), P(equivalent), P(better) are the
 * shares of draws in which that region has the largest θ. This is the algorithm of baycomp 1.0.3
 * (baycomp/multiple.py, SignedRankTest.sample and Posterior.probs), prior 0.5 as its default.
 * The Monte Carlo draws come from a seeded stream (seedrandom's xor4096), so a result repeats exactly.
 */
import seedrandom from 'seedrandom';
import { SolhError } from '../errors';
import { requireDatasets } from './datasets';

export interface BayesSignedRankOptions {
  /** Half-width r of the region of practical equivalence, in the score's units. */
  rope?: number;
  /** Weight of the prior pseudo-observation at 0. */
  prior?: number;
  samples?: number;
  /** Seed of the random stream. */
  seed?: number;
}

export interface BayesSignedRankResult {
  pWorse: number;
  pEquivalent: number;
  pBetter: number;
  /** Posterior means of θ_worse, θ_equiv, θ_better. */
  meanTheta: [number, number, number];
  rope: number;
  samples: number;
}

export const DEFAULT_ROPE = 0.01;
export const DEFAULT_BAYES_SAMPLES = 50_000;
const DEFAULT_BAYES_SEED = 20170101;

/**
 * Gamma(shape, 1) variates from a uniform stream: −ln U for shape 1 (most of the draws), else
 * Marsaglia & Tsang (2000, ACM TOMS 26(3)) with U^(1/shape) for shapes below 1. Hand-written
 * because @stdlib/random-base-gamma took about 2 µs a variate: 36 comparisons × 50,000 draws ×
 * (n + 1) weights made a report wait over a minute.
 */
function gammaStream(uniform: () => number): (shape: number) => number {
  const u01 = () => {
    let u = uniform();
    while (u === 0) u = uniform();
    return u; // in (0, 1)
  };
  let spare: number | undefined;
  const normal = () => {
    if (spare !== undefined) {
      const z = spare;
      spare = undefined;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(u01()));
    const t = 2 * Math.PI * u01();
    spare = r * Math.sin(t);
    return r * Math.cos(t);
  };
  const marsagliaTsang = (shape: number): number => {
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = u01();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  };
  return (shape) => {
    if (shape === 1) return -Math.log(u01());
    if (shape < 1) return marsagliaTsang(shape + 1) * u01() ** (1 / shape);
    return marsagliaTsang(shape);
  };
}

/** d: the method's score minus the baseline's, one per data set. */
export function bayesSignedRank(d: number[], o: BayesSignedRankOptions = {}): BayesSignedRankResult {
  const rope = o.rope ?? DEFAULT_ROPE;
  const prior = o.prior ?? 0.5;
  const samples = o.samples ?? DEFAULT_BAYES_SAMPLES;
  if (!(rope >= 0 && Number.isFinite(rope))) throw new SolhError(`rope ${rope}: give a half-width ≥ 0, e.g. 0.01`);
  if (!(prior > 0 && Number.isFinite(prior))) throw new SolhError(`prior weight ${prior}: give a number > 0, e.g. 0.5`);
  if (!(Number.isInteger(samples) && samples >= 1)) throw new SolhError(`samples ${samples}: give a whole number ≥ 1, e.g. 50000`);
  if (d.some((x) => !Number.isFinite(x))) throw new SolhError('the Bayesian signed-rank test needs a finite difference on every data set');
  requireDatasets(d.length, 'Bayesian signed-rank test across data sets');
  const z = [0, ...d];
  const m = z.length;
  // Region of each pair's sum, as baycomp's heaviside: 1 beyond the bound, ½ on it.
  const above = new Float64Array(m * m);
  const below = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const s = z[i] + z[j];
      above[i * m + j] = s > 2 * rope ? 1 : s === 2 * rope ? 0.5 : 0;
      below[i * m + j] = -s > 2 * rope ? 1 : -s === 2 * rope ? 0.5 : 0;
    }
  }
  const gamma = gammaStream(seedrandom.xor4096(`bayes-signed-rank:${o.seed ?? DEFAULT_BAYES_SEED}`));
  const w = new Float64Array(m);
  const wins = [0, 0, 0];
  const mean: [number, number, number] = [0, 0, 0];
  for (let s = 0; s < samples; s++) {
    // Dirichlet(prior, 1, …, 1) as normalised gamma variates.
    let total = 0;
    for (let i = 0; i < m; i++) {
      w[i] = gamma(i === 0 ? prior : 1);
      total += w[i];
    }
    for (let i = 0; i < m; i++) w[i] /= total;
    // The pair matrices are symmetric: the diagonal once, each pair i < j twice.
    let worse = 0;
    let better = 0;
    for (let i = 0; i < m; i++) {
      const row = i * m;
      let rowWorse = 0.5 * w[i] * below[row + i];
      let rowBetter = 0.5 * w[i] * above[row + i];
      for (let j = i + 1; j < m; j++) {
        rowWorse += w[j] * below[row + j];
        rowBetter += w[j] * above[row + j];
      }
      worse += 2 * w[i] * rowWorse;
      better += 2 * w[i] * rowBetter;
    }
    const theta = [worse, 1 - worse - better, better];
    // The first largest, as numpy's argmax.
    const winner = theta[1] > theta[0] ? (theta[2] > theta[1] ? 2 : 1) : theta[2] > theta[0] ? 2 : 0;
    wins[winner]++;
    for (let t = 0; t < 3; t++) mean[t] += theta[t] / samples;
  }
  return { pWorse: wins[0] / samples, pEquivalent: wins[1] / samples, pBetter: wins[2] / samples, meanTheta: mean, rope, samples };
}
