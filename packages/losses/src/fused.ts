/**
 * The score loss as a kernel in plain JavaScript (float64) for value and gradient, on flat arrays:
 * the fused training step calls it directly, and fused-op.ts wraps it as one TF.js op. The
 * composed-ops version in loss.ts is the same function written with tensor ops; this one exists
 * for speed: a mini-batch has tens of examples, and on CPU backends the cost of a composed loss is
 * the per-op overhead of its ~40 small ops, not arithmetic. Here the batch is read once and every
 * step of the loss is a loop over it.
 */
import { SoftStep } from './steps';
import { ContinuousDistribution, ThresholdDistribution } from './thresholds';
import { cachedTable, ExpectationTable, DEFAULT_TABLE_BITS } from './expectation';
import { Score, dualArith, dualCounts } from './scores';

/** Fills E(p_i) and dE/dp(p_i) in float64: the step itself for a point mass, else the interpolated table. */
export type ExpectationFill = (p: Float64Array, e: Float64Array, de: Float64Array) => void;

export function expectationFill(step: SoftStep, dist: ThresholdDistribution, bits = DEFAULT_TABLE_BITS): ExpectationFill {
  if (dist.kind === 'point') {
    const tau0 = dist.tau0;
    return (p, e, de) => {
      for (let i = 0; i < p.length; i++) {
        e[i] = step.value(p[i], tau0);
        de[i] = step.slope(p[i], tau0);
      }
    };
  }
  const { packed, size: n } = packedTable(step, dist, bits);
  return (p, e, de) => {
    for (let k = 0; k < p.length; k++) {
      const x = (p[k] <= 0 ? 0 : p[k] >= 1 ? 1 : p[k]) * n;
      const i = x >= n ? n - 1 : Math.floor(x);
      const f = x - i;
      const j = 4 * i;
      e[k] = packed[j] + f * packed[j + 1];
      de[k] = packed[j + 2] + f * packed[j + 3];
    }
  };
}

/**
 * The four columns of the table (E, its step, dE/dp, its step) interleaved per node, so that one
 * lookup touches one cache line instead of four: with batches of 10⁵ examples the lookups are
 * random accesses into megabytes, and this halves their cost. Same float32 values, same results.
 */
const packedTables = new WeakMap<ExpectationTable, Float32Array>();
function packedTable(step: SoftStep, dist: ContinuousDistribution, bits: number): { packed: Float32Array; size: number } {
  const t = cachedTable(step, dist, bits);
  let packed = packedTables.get(t);
  if (!packed) {
    packed = new Float32Array(4 * t.size);
    for (let i = 0; i < t.size; i++) {
      packed[4 * i] = t.e[i];
      packed[4 * i + 1] = t.eStep[i];
      packed[4 * i + 2] = t.de[i];
      packed[4 * i + 3] = t.deStep[i];
    }
    packedTables.set(t, packed);
  }
  return { packed, size: t.size };
}

export interface ScoreLossValue {
  loss: number;
  /** dLoss/dlogit per example. */
  grad: Float32Array;
}

/**
 * Working arrays reused across calls: fresh megabyte-sized arrays per batch cost more (allocation
 * and first-touch page faults) than the arithmetic on them. Views of the right length are returned.
 */
let buffers = { p: new Float64Array(0), h: new Float64Array(0), dh: new Float64Array(0) };
function scratch(m: number): { p: Float64Array; h: Float64Array; dh: Float64Array } {
  if (buffers.p.length < m) buffers = { p: new Float64Array(m), h: new Float64Array(m), dh: new Float64Array(m) };
  return { p: buffers.p.subarray(0, m), h: buffers.h.subarray(0, m), dh: buffers.dh.subarray(0, m) };
}

/**
 * best − score(soft confusion matrix of E(sigmoid(z))) and its gradient in z, for labels y.
 * The gradient goes into `out` when given (the fused training step reuses one array).
 */
function scoreLossKernel(fill: ExpectationFill, score: Score, y: ArrayLike<number>, z: ArrayLike<number>, out?: Float32Array): ScoreLossValue {
  const m = z.length;
  const { p, h, dh } = scratch(m);
  for (let i = 0; i < m; i++) p[i] = 1 / (1 + Math.exp(-z[i]));
  fill(p, h, dh);
  let tp = 0;
  let fp = 0;
  let positives = 0;
  // Labels weight the counts as in the composed version (y·h and (1 − y)·h), so soft labels work too;
  // for 0/1 labels the sums are the same numbers as selecting by label.
  for (let i = 0; i < m; i++) {
    tp += y[i] * h[i];
    fp += (1 - y[i]) * h[i];
    positives += y[i];
  }
  const s = score.compute(dualCounts({ tp, fn: positives - tp, fp, tn: m - positives - fp }), dualArith);
  // Loss = best − score; dLoss/dh_i through TP and FN for positives, FP and TN for negatives;
  // then the chain rule through E and the sigmoid.
  const [dTp, dFn, dFp, dTn] = s.d;
  const gPos = -(dTp - dFn);
  const gNeg = -(dFp - dTn);
  const grad = out ?? new Float32Array(m);
  for (let i = 0; i < m; i++) grad[i] = (y[i] * gPos + (1 - y[i]) * gNeg) * dh[i] * p[i] * (1 - p[i]);
  return { loss: score.definition.best - s.v, grad };
}

/**
 * A loss on flat arrays for the fused training step: the loss of logits z for labels y, with
 * dLoss/dz written into grad (same length as z).
 */
export type FlatLoss = (y: ArrayLike<number>, z: Float32Array, grad: Float32Array) => number;

/**
 * Binary cross-entropy on logits, the mean over the batch: the formula and reduction of
 * tf.losses.sigmoidCrossEntropy (max(z,0) − z·y + log(1 + e^−|z|)), gradient (σ(z) − y)/m.
 */
export const bceKernel: FlatLoss = (y, z, grad) => {
  const m = z.length;
  let sum = 0;
  for (let i = 0; i < m; i++) {
    const zi = z[i];
    sum += (zi > 0 ? zi : 0) - zi * y[i] + Math.log1p(Math.exp(-Math.abs(zi)));
    grad[i] = (1 / (1 + Math.exp(-zi)) - y[i]) / m;
  }
  return sum / m;
};

/** The score loss on flat arrays. */
export function flatScoreLoss(step: SoftStep, dist: ThresholdDistribution, score: Score, bits = DEFAULT_TABLE_BITS): FlatLoss {
  const fill = expectationFill(step, dist, bits);
  return (y, z, grad) => scoreLossKernel(fill, score, y, z, grad).loss;
}
