/** E(p) and dE/dp of a loss's expected soft step at given p, through the same tensor op training uses. */
import * as tf from '@tensorflow/tfjs';
import { SolhError } from './errors';
import { expectedStep } from './expected-step';
import type { LossSpec } from './families';

export interface CurvePoint {
  p: number;
  h: number;
  dh: number;
}

export function softStepCurve(spec: LossSpec, ps: number[]): CurvePoint[] {
  if (!spec.step || !spec.dist) throw new SolhError(`loss "${spec.spec}" has no soft step: use sol, solh or soft-set`);
  const bad = ps.find((p) => !(p >= 0 && p <= 1));
  if (bad !== undefined) throw new SolhError(`softStepCurve: p = ${bad} is outside [0, 1]: give probabilities such as [0, 0.1, 0.5]`);
  const e = expectedStep(spec.step, spec.dist);
  try {
    return tf.tidy(() => {
      const p = tf.tensor1d(ps);
      const h = e.fn(p).arraySync() as number[];
      const dh = tf.grad((x: tf.Tensor) => tf.sum(e.fn(x)))(p).arraySync() as number[];
      return ps.map((pi, i) => ({ p: pi, h: h[i], dh: dh[i] }));
    });
  } finally {
    e.dispose();
  }
}
