/**
 * Tables of the expected soft step E(p) = E_τ[h(p, τ)] and its derivative for a threshold density
 * f: E and dE/dp are computed once in float64 on the grid p = i/N (N = 2^17 by default) and read
 * per training step by linear interpolation (the tensor op in expected-step.ts, the flat losses in
 * expectation-fill.ts). The cost per step is O(batch), whatever the quadrature cost of building the table.
 *
 * Why linear interpolation on a fine grid rather than a higher order on a coarse one: E behaves
 * like 2δ·p·ln(1/p) near 0 for densities positive at 0 (uniform), which defeats polynomial
 * interpolation there; N = 2^17 keeps the error below 6e-7 even on that first interval, and a
 * power-of-two N makes p·N, its floor and its fraction exact in float32.
 */
import { SoftStep, exactStep } from './steps';
import { ContinuousDistribution } from './thresholds';
import { gaussLegendreRule, panelEnds } from './gauss-legendre';

export const DEFAULT_TABLE_BITS = 17;
const RULE = gaussLegendreRule(16);

/** E(p) and dE/dp in float64 by composite Gauss–Legendre over τ, cut at every kink. */
function expectationAt(step: SoftStep, dist: ContinuousDistribution, p: number): { e: number; de: number } {
  if (step.spec === 'exact') return { e: dist.cdf(p), de: dist.pdf(p) };
  const [a, b] = dist.support;
  const ends = panelEnds(a, b, [...step.kinksInTau(p), ...dist.breakpoints]);
  let e = 0;
  let de = 0;
  for (let j = 1; j < ends.length; j++) {
    const half = (ends[j] - ends[j - 1]) / 2;
    const mid = (ends[j] + ends[j - 1]) / 2;
    for (let k = 0; k < RULE.x.length; k++) {
      const tau = mid + half * RULE.x[k];
      const wf = RULE.w[k] * half * dist.pdf(tau);
      if (wf === 0) continue;
      e += wf * step.value(p, tau);
      de += wf * step.slope(p, tau);
    }
  }
  // Outside the support the density is 0; the step's mass below a contributes nothing else.
  return { e, de };
}

/** Tables of E and dE/dp on p = i/N, with the forward differences that linear interpolation needs. */
export interface ExpectationTable {
  size: number;
  e: Float32Array;
  eStep: Float32Array;
  de: Float32Array;
  deStep: Float32Array;
}

export function buildTable(step: SoftStep, dist: ContinuousDistribution, bits = DEFAULT_TABLE_BITS): ExpectationTable {
  const n = 2 ** bits;
  const e64 = new Float64Array(n + 1);
  const de64 = new Float64Array(n + 1);
  // The exact step's table is its CDF, read directly; only quadrature tables are mirrored.
  const mirror = dist.symmetricAboutHalf && step.symmetric && step !== exactStep;
  for (let i = 0; i <= n; i++) {
    // A step symmetric about τ with f(τ) = f(1 − τ) gives E(1 − p) = 1 − E(p): compute half the grid.
    if (mirror && i > n / 2) {
      e64[i] = 1 - e64[n - i];
      de64[i] = de64[n - i];
      continue;
    }
    const r = expectationAt(step, dist, i / n);
    e64[i] = r.e;
    de64[i] = r.de;
  }
  // dE/dp is unbounded at p = 0 and 1 for densities positive there (it grows like ln(1/p)):
  // the end nodes take the secant slope of their interval, finite for every float32 p.
  de64[0] = (e64[1] - e64[0]) * n;
  de64[n] = (e64[n] - e64[n - 1]) * n;
  const table: ExpectationTable = {
    size: n,
    e: Float32Array.from(e64.subarray(0, n)),
    eStep: new Float32Array(n),
    de: Float32Array.from(de64.subarray(0, n)),
    deStep: new Float32Array(n),
  };
  for (let i = 0; i < n; i++) {
    table.eStep[i] = e64[i + 1] - e64[i];
    table.deStep[i] = de64[i + 1] - de64[i];
  }
  return table;
}

const tableCache = new Map<string, ExpectationTable>();

/** The cache's name for the table of (step, distribution, bits). */
export function tableKey(step: SoftStep, dist: ContinuousDistribution, bits = DEFAULT_TABLE_BITS): string {
  return `${step.spec}|${dist.spec}|${bits}`;
}

/** Puts a table built elsewhere (another worker thread of this process) in the cache, unless one is there. */
export function adoptTable(key: string, table: ExpectationTable): void {
  if (!tableCache.has(key)) tableCache.set(key, table);
}

/** The table of a key if this process has it (built or adopted), without building it. */
export function tableInCache(key: string): ExpectationTable | undefined {
  return tableCache.get(key);
}

/** The table for (step, distribution), built once per process. */
export function cachedTable(step: SoftStep, dist: ContinuousDistribution, bits = DEFAULT_TABLE_BITS): ExpectationTable {
  const key = tableKey(step, dist, bits);
  let t = tableCache.get(key);
  if (!t) {
    t = buildTable(step, dist, bits);
    tableCache.set(key, t);
  }
  return t;
}
