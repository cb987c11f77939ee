/**
 * The score loss as a TF.js op. 'fused': one op whose value and gradient come from the flat loss
 * (one-vs-rest.ts) behind tf.customGrad: a mini-batch has tens of examples, and on CPU backends
 * the cost of a composed loss is the per-op overhead of its ~40 small ops, not arithmetic; here
 * the batch is read once and the gradient handed back as one tensor (reading values synchronously
 * is cheap on the cpu, wasm and node backends: memory shared with JS). 'ops': the same function
 * composed of TF.js ops, differentiated by TF.js (binary only), the reference the tests hold it to.
 */
import * as tf from '@tensorflow/tfjs';
import { SoftStep } from './steps';
import { ThresholdDistribution } from './thresholds';
import { expectedStep } from './expected-step';
import { expectationFill } from './expectation-fill';
import { oneVsRestScoreLoss } from './one-vs-rest';
import { Score } from './scores';
import { softCounts, tensorArith } from './score-tensors';
import { LossOp, LossOpOptions, LossOpTools } from './families';

/** Labels and outputs as they are; C is the outputs' second dimension. */
const readAsIs = (y: tf.Tensor, x: tf.Tensor) => ({ y: y.dataSync(), x: x.dataSync(), classes: x.rank === 2 ? x.shape[1]! : 1 });

function scoreLossOp(step: SoftStep, dist: ThresholdDistribution, score: Score, o: LossOpOptions): LossOp {
  if (o.form === 'ops') {
    const e = expectedStep(step, dist, o.tableBits);
    const best = score.definition.best;
    return {
      fn: (y, x) =>
        tf.tidy(() => {
          const h = e.fn(o.from === 'logits' ? tf.sigmoid(x) : x);
          return tf.sub(best, score.compute(softCounts(y, h), tensorArith)) as tf.Scalar;
        }),
      expected: e.fn,
      readsBatch: false,
      dispose: e.dispose,
    };
  }
  const fill = expectationFill(step, dist, o.tableBits);
  const read = o.read ?? readAsIs;
  return {
    fn: (y, x) =>
      tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
        const [yT, xT, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
        const c = read(yT, xT);
        const grad = new Float32Array(c.x.length);
        const loss = oneVsRestScoreLoss(fill, score, c.y, c.x, c.classes, o.average, o.from, grad);
        const g = tf.tensor(grad, xT.shape);
        save([g]);
        return {
          value: tf.scalar(loss),
          gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.zerosLike(yT), tf.mul(dy, saved[0])],
        };
      })(y, x) as tf.Scalar,
    readsBatch: true,
    dispose: () => undefined,
  };
}

/** The TF.js a family's loss op is written with (families.ts stays free of TF.js). */
export const LOSS_OP_TOOLS: LossOpTools = { tf, scoreLossOp };
