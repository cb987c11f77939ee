/**
 * Soft steps h(p, τ): approximations of the Heaviside step H(p − τ) that a score loss puts in
 * place of the hard decision "p ≥ τ", in float64 (for the tables of the expectation module, the
 * flat kernels and tests). Their tensor ops at a fixed threshold (for a point mass) are in
 * step-tensors.ts, so that this module loads no TF.js.
 */
import { SolhError } from './errors';

/** Which step, with its parameter: what step-tensors.ts builds the tensor op from. */
export type StepForm = { kind: 'exact' } | { kind: 'linear'; delta: number } | { kind: 'sigmoid'; k: number };

export interface SoftStep {
  /** `exact`, `linear(δ)` or `sigmoid(k)`. */
  spec: string;
  /** h(p, τ) in float64. */
  value(p: number, tau: number): number;
  /** h(1 − p, 1 − τ) = 1 − h(p, τ): with a threshold density symmetric about ½, E(1 − p) = 1 − E(p). */
  symmetric: boolean;
  /** ∂h/∂p in float64 (0 for the exact step, whose derivative is a Dirac mass). */
  slope(p: number, tau: number): number;
  /** Values of τ where h(p, ·) or ∂h/∂p(p, ·) is not smooth, for quadrature breakpoints. */
  kinksInTau(p: number): number[];
  form: StepForm;
}

/** The exact Heaviside step: 1 where p ≥ τ. Its gradient is zero almost everywhere. */
export const exactStep: SoftStep = {
  spec: 'exact',
  symmetric: true,
  value: (p, tau) => (p >= tau ? 1 : 0),
  slope: () => 0,
  kinksInTau: (p) => [p],
  form: { kind: 'exact' },
};

/** Break points and slopes of the linear approximation H^l(p, τ; δ) (docs/method.md §1.2, paper eq. 7). */
export interface LinearPieces {
  lo: number;
  hi: number;
  m1: number;
  m2: number;
  m3: number;
}

export function linearPieces(tau: number, delta: number): LinearPieces {
  const tm = Math.min(tau, 1 - tau);
  const lo = tau - tm / 2;
  const hi = tau + tm / 2;
  return { lo, hi, m1: delta / lo, m2: (1 - 2 * delta) / tm, m3: delta / (1 - hi) };
}

/**
 * δ must lie in (0, 0.5). `fix` says how to set it, in the caller's words (the library's option
 * stepSlope by default); `setting` is its config path when it came from a config (loss.delta).
 */
export function checkDelta(delta: unknown, fix = 'give the option stepSlope a value such as 0.1', setting?: string): asserts delta is number {
  if (typeof delta !== 'number') throw new SolhError(`slope δ = ${JSON.stringify(delta)} is not a number: ${fix}`, { setting });
  if (!(Number.isFinite(delta) && delta > 0 && delta < 0.5)) throw new SolhError(`slope δ = ${delta} is outside (0, 0.5): ${fix}`, { setting });
}

/** H^l(p, τ; δ): continuous, piecewise linear, H(0) = 0, H(lo) = δ, H(τ) = ½, H(hi) = 1 − δ, H(1) = 1. */
export function linearStep(delta: number): SoftStep {
  checkDelta(delta, 'give the argument delta a value such as 0.1');
  return {
    spec: `linear(${delta})`,
    symmetric: true,
    value(p, tau) {
      const { lo, hi, m1, m2, m3 } = linearPieces(tau, delta);
      if (p < lo) return p * m1;
      if (p > hi) return 1 - delta - m3 * (hi - p);
      return 0.5 + m2 * (p - tau);
    },
    slope(p, tau) {
      const { lo, hi, m1, m2, m3 } = linearPieces(tau, delta);
      return p < lo ? m1 : p > hi ? m3 : m2;
    },
    // As a function of τ: p = lo(τ) at τ = 2p (τ ≤ ½) or (2p+1)/3 (τ > ½); p = hi(τ) at
    // τ = 2p/3 or 2p − 1; the formulas switch at τ = ½.
    kinksInTau: (p) => [(2 * p) / 3, 2 * p, (2 * p + 1) / 3, 2 * p - 1, 0.5],
    form: { kind: 'linear', delta },
  };
}

/** The logistic step 1/(1 + exp(−k(p − τ))). */
export function sigmoidStep(k: number): SoftStep {
  if (!(Number.isFinite(k) && k > 0)) {
    throw new SolhError(`sigmoid steepness k = ${k} must be > 0: e.g. sigmoid(10)`);
  }
  const sig = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
  return {
    spec: `sigmoid(${k})`,
    symmetric: true,
    value: (p, tau) => sig(k * (p - tau)),
    slope: (p, tau) => {
      const s = sig(k * (p - tau));
      return k * s * (1 - s);
    },
    // Not kinks but where the integrand turns: panels there keep Gauss–Legendre accurate for large k.
    kinksInTau: (p) => [-20, -6, -2, 0, 2, 6, 20].map((j) => p + j / k),
    form: { kind: 'sigmoid', k },
  };
}
