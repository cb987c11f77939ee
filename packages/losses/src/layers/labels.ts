/**
 * Class-index labels for `model.fit`: Layers checks the labels' shape against the model's output
 * shape before it calls a loss, and lets only its own sparse categorical cross-entropy take class
 * indices; every other loss, a score loss included, needs one-hot labels of shape [n, C] there.
 */
import * as tf from '@tensorflow/tfjs';
import { SolhError } from '../errors';

/** One-hot float32 labels [n, classes] from class indices 0..classes−1 (a tensor [n] or [n, 1], or an array). */
export function oneHotLabels(labels: tf.Tensor | ArrayLike<number>, classes: number): tf.Tensor2D {
  const where = 'oneHotLabels';
  if (!(Number.isInteger(classes) && classes >= 2)) throw new SolhError(`${where}: classes = ${JSON.stringify(classes)} is not a whole number ≥ 2`);
  let values: ArrayLike<number>;
  if (labels instanceof tf.Tensor) {
    if (!(labels.rank === 1 || (labels.rank === 2 && labels.shape[1] === 1))) {
      throw new SolhError(`${where}: labels of shape [${labels.shape.join(', ')}] are not class indices: give shape [n] or [n, 1]`);
    }
    values = labels.dataSync();
  } else if (labels !== null && typeof labels === 'object' && typeof (labels as ArrayLike<number>).length === 'number') {
    values = labels;
  } else {
    throw new SolhError(`${where}: labels must be a tensor or an array of class indices`);
  }
  const n = values.length;
  const out = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) {
    const c = values[i];
    if (!(Number.isInteger(c) && c >= 0 && c < classes)) throw new SolhError(`${where}: label ${c} (row ${i}) is not a class index in 0..${classes - 1}`);
    out[i * classes + c] = 1;
  }
  return tf.tensor2d(out, [n, classes]);
}
