/**
 * Test-only float64 reference for the expected soft step of SOLH:
 *   E(p) = E_τ[H(p, τ)] = ∫ H(p, τ) f(τ) dτ,   dE/dp = ∫ ∂H/∂p(p, τ) f(τ) dτ,
 * where τ ~ f is the random threshold. Written directly from the paper's
 * formulas and evaluated by adaptive quadrature, independently of src/, so the
 * production code can be checked against it. Clarity over speed throughout.
 */
import { integrate } from './gauss-kronrod';

// ---------------------------------------------------------------- steps ----

/**
 * Piecewise-linear soft step H^l(p, τ; δ): three segments in p meeting at
 * lo = τ − τm/2 (value δ) and hi = τ + τm/2 (value 1 − δ), passing through
 * (τ, 0.5), with τm = min(τ, 1 − τ). Meaningful for τ ∈ (0, 1).
 */
export function linearStep(p: number, tau: number, delta: number): number {
  const tm = Math.min(tau, 1 - tau);
  const lo = tau - tm / 2;
  const hi = tau + tm / 2;
  const m1 = delta / lo;
  const m2 = (1 - 2 * delta) / tm;
  const m3 = delta / (1 - hi);
  if (p < lo) return p * m1;
  if (p > hi) return p * m3 + (1 - delta - m3 * hi);
  return p * m2 + (0.5 - m2 * tau);
}

/** ∂H^l/∂p: the slope of the segment that p falls in (same regions as linearStep). */
export function linearStepSlope(p: number, tau: number, delta: number): number {
  const tm = Math.min(tau, 1 - tau);
  const lo = tau - tm / 2;
  const hi = tau + tm / 2;
  if (p < lo) return delta / lo;
  if (p > hi) return delta / (1 - hi);
  return (1 - 2 * delta) / tm;
}

/** Logistic σ(z), evaluated on the side where exp cannot overflow. */
function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Sigmoid step 1 / (1 + exp(−k(p − τ))). */
function sigmoidStep(p: number, tau: number, k: number): number {
  return logistic(k * (p - tau));
}

/** ∂/∂p of the sigmoid step: k σ (1 − σ). */
function sigmoidStepSlope(p: number, tau: number, k: number): number {
  const s = logistic(k * (p - tau));
  return k * s * (1 - s);
}

// -------------------------------------------------------- distributions ----

/** Threshold distribution. pdf at a support end returns the one-sided limit. */
export interface RefDistribution {
  pdf(x: number): number;
  cdf(x: number): number;
  support: [number, number];
  /** Interior points where the pdf is not smooth (quadrature splits there). */
  breakpoints: number[];
}

/** U(0, 1); the pdf is 1 on the closed interval so that pdf(0) = pdf(1) = 1. */
export function uniformRef(): RefDistribution {
  return {
    pdf: (x) => (x >= 0 && x <= 1 ? 1 : 0),
    cdf: (x) => Math.min(1, Math.max(0, x)),
    support: [0, 1],
    breakpoints: [],
  };
}

/** Raised cosine on (μ − s, μ + s): z = (x − μ)/s, f = (1 + cos πz)/(2s), F = ½(1 + z + sin(πz)/π). */
export function cosineRef(mu: number, s: number): RefDistribution {
  return {
    pdf: (x) => {
      const z = (x - mu) / s;
      return Math.abs(z) <= 1 ? (1 + Math.cos(Math.PI * z)) / (2 * s) : 0;
    },
    cdf: (x) => {
      const z = (x - mu) / s;
      if (z <= -1) return 0;
      if (z >= 1) return 1;
      return 0.5 * (1 + z + Math.sin(Math.PI * z) / Math.PI);
    },
    support: [mu - s, mu + s],
    breakpoints: [],
  };
}

// Lanczos approximation, g = 7, n = 9 (the widely published coefficient set).
const LANCZOS_G = 7;
const LANCZOS: readonly number[] = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
/** ln Γ(x) for x > 0 (~1e-15 relative), with reflection below 0.5 for accuracy. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const y = x - 1;
  let sumA = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sumA += LANCZOS[i] / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sumA);
}

/** Beta(a, b) on [0, 1]. cdf is the quadrature of the pdf (no incomplete-beta code to trust). */
export function betaRef(a: number, b: number): RefDistribution {
  const logB = logGamma(a) + logGamma(b) - logGamma(a + b);
  // Value at an end where the exponent is e − 1: ∞, 1/B or 0 (avoids 0·log 0 = NaN).
  const endValue = (e: number) => (e < 1 ? Infinity : e === 1 ? Math.exp(-logB) : 0);
  const pdf = (x: number): number => {
    if (x < 0 || x > 1) return 0;
    if (x === 0) return endValue(a);
    if (x === 1) return endValue(b);
    return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logB);
  };
  // ∫_0^x of Beta(a', b') for x ≤ 0.5 (so only the t = 0 end can be singular).
  // For a' < 1 the pdf blows up like t^(a'−1); substituting t = u^(1/a') turns
  // ∫ t^(a'−1)(1−t)^(b'−1) dt into (1/a')∫ (1 − u^(1/a'))^(b'−1) du, which is bounded.
  const lowerTail = (a1: number, b1: number, x: number): number => {
    // B(a, b) = B(b, a), so logB serves both orientations.
    if (a1 >= 1) {
      return integrate((t) => Math.exp((a1 - 1) * Math.log(t) + (b1 - 1) * Math.log1p(-t) - logB), 0, x);
    }
    return integrate((u) => Math.pow(1 - Math.pow(u, 1 / a1), b1 - 1), 0, Math.pow(x, a1)) / (a1 * Math.exp(logB));
  };
  const cdf = (x: number): number => {
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    // Beyond 0.5 use the mirror image 1 − F_{b,a}(1 − x), keeping the singular end at 0.
    return x <= 0.5 ? lowerTail(a, b, x) : 1 - lowerTail(b, a, 1 - x);
  };
  return { pdf, cdf, support: [0, 1], breakpoints: [] };
}

// ---------------------------------------------------------- expectation ----

export type StepKind = 'exact' | 'linear' | 'sigmoid';

export interface ReferenceResult {
  /** E_τ[H(p, τ)] */
  E: number;
  /** d/dp E_τ[H(p, τ)] (+Infinity where the integral diverges) */
  dE: number;
}

/**
 * Expected step and its p-derivative under the threshold distribution `dist`.
 * - 'exact': hard step 1[p ≥ τ], so E = F(p), dE = f(p).
 * - 'linear': H^l with parameter opts.delta, integrated over support ∩ [0, 1]
 *   (H^l is only defined for τ ∈ (0, 1)).
 * - 'sigmoid': sigmoid step with steepness opts.k, integrated over the support.
 */
export function referenceExpectation(
  step: StepKind,
  dist: RefDistribution,
  p: number,
  opts: { delta?: number; k?: number } = {},
): ReferenceResult {
  const [s0, s1] = dist.support;
  if (step === 'exact') return { E: dist.cdf(p), dE: dist.pdf(p) };

  if (step === 'linear') {
    const delta = opts.delta;
    if (delta === undefined) throw new Error("referenceExpectation('linear'): opts.delta is required");
    const a = Math.max(0, s0);
    const b = Math.min(1, s1);
    // Every kink of τ ↦ H^l(p, τ) f(τ): region boundaries p = lo(τ), p = hi(τ)
    // solved for τ on each side of 0.5, the switch of τm at 0.5, and the pdf's own.
    const breakpoints = [2 * p / 3, 2 * p, (2 * p + 1) / 3, 2 * p - 1, 0.5, s0, s1, ...dist.breakpoints];
    const E = integrate((t) => linearStep(p, t, delta) * dist.pdf(t), a, b, { breakpoints });
    // The slope is 2δ/τ near τ = 0 when p = 0, and 2δ/(1 − τ) near τ = 1 when
    // p = 1: ∫ dτ/τ diverges wherever f does not vanish at that end.
    const diverges = delta !== 0 && ((p === 0 && dist.pdf(0) > 0) || (p === 1 && dist.pdf(1) > 0));
    const dE = diverges
      ? Infinity
      : integrate((t) => linearStepSlope(p, t, delta) * dist.pdf(t), a, b, { breakpoints });
    return { E, dE };
  }

  if (step === 'sigmoid') {
    const k = opts.k;
    if (k === undefined) throw new Error("referenceExpectation('sigmoid'): opts.k is required");
    // The sigmoid is smooth but changes on a 1/k scale around τ = p: seed splits there.
    const breakpoints = [p, p - 5 / k, p + 5 / k, ...dist.breakpoints];
    const E = integrate((t) => sigmoidStep(p, t, k) * dist.pdf(t), s0, s1, { breakpoints });
    const dE = integrate((t) => sigmoidStepSlope(p, t, k) * dist.pdf(t), s0, s1, { breakpoints });
    return { E, dE };
  }

  throw new Error(`referenceExpectation: unknown step ${String(step)}`);
}
