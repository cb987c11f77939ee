/**
 * The expected soft step E(p) as a tensor op, with its gradient:
 *
 * - point mass at τ0: the step itself, E(p) = h(p, τ0), by tensor ops (step-tensors.ts);
 * - a density f: the float64 table of expectation.ts, read by linear interpolation, with the
 *   gradient given through tf.customGrad from the table of dE/dp: four gathers and a few
 *   elementwise ops per call.
 */
import * as tf from '@tensorflow/tfjs';
import { SoftStep } from './steps';
import { ThresholdDistribution } from './thresholds';
import { cachedTable, DEFAULT_TABLE_BITS } from './expectation';
import { stepAtThreshold } from './step-tensors';

/** A function p ↦ E(p) over tensors, with its gradient. */
export type ExpectedStep = (p: tf.Tensor) => tf.Tensor;

/**
 * Builds the tensor op E(p). Tensors made from the table live as long as the op (they are kept,
 * not tidied); call `dispose` when the op is no longer needed.
 */
export function expectedStep(
  step: SoftStep,
  dist: ThresholdDistribution,
  bits = DEFAULT_TABLE_BITS,
): { fn: ExpectedStep; dispose: () => void } {
  if (dist.kind === 'point') {
    return { fn: (p) => stepAtThreshold(step, p, dist.tau0), dispose: () => undefined };
  }
  const t = cachedTable(step, dist, bits);
  const e = tf.keep(tf.tensor1d(t.e));
  const eStep = tf.keep(tf.tensor1d(t.eStep));
  const de = tf.keep(tf.tensor1d(t.de));
  const deStep = tf.keep(tf.tensor1d(t.deStep));
  const n = t.size;
  const fn = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const p = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const x = tf.clipByValue(p, 0, 1).mul(n);
    const i = tf.minimum(tf.floor(x), n - 1);
    const frac = x.sub(i);
    const idx = tf.cast(i, 'int32');
    save([idx, frac]);
    const value = tf.gather(e, idx).add(frac.mul(tf.gather(eStep, idx)));
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sIdx, sFrac] = saved;
        return dy.mul(tf.gather(de, sIdx).add(sFrac.mul(tf.gather(deStep, sIdx))));
      },
    };
  }) as ExpectedStep;
  return {
    fn,
    dispose: () => {
      e.dispose();
      eStep.dispose();
      de.dispose();
      deStep.dispose();
    },
  };
}
