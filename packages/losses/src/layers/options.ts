/**
 * Checks of the library's arguments (one SolhError naming the valid values) and the layout of
 * labels and predictions: [n] or [n, 1] is binary, [n, C] is C one-vs-rest columns; labels are
 * 0/1 of the same shape, or class indices of shape [n] or [n, 1] for C > 1.
 */
import * as tf from '@tensorflow/tfjs';
import { SolhError } from '../errors';
import { AVERAGES, Average, INPUTS, Input } from '../one-vs-rest';

export interface AveragingOptions {
  /** What the model outputs: 'probabilities' (a sigmoid or softmax layer, the default) or 'logits'. */
  from?: Input;
  /** How C > 1 one-vs-rest scores are averaged: 'macro' (default), 'weighted' (by support) or 'micro'. */
  average?: Average;
}

/** Rejects keys other than `allowed` and values outside their lists. */
export function checkOptions(where: string, o: unknown, allowed: string[]): { from: Input; average: Average } {
  if (o === undefined) return { from: 'probabilities', average: 'macro' };
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    throw new SolhError(`${where}: options must be an object with keys ${allowed.join(', ')}`);
  }
  const rec = o as Record<string, unknown>;
  const unknown = Object.keys(rec).find((k) => !allowed.includes(k));
  if (unknown !== undefined) throw new SolhError(`${where}: unknown option "${unknown}": valid options are ${allowed.join(', ')}`);
  const from = rec.from ?? 'probabilities';
  if (!(INPUTS as readonly unknown[]).includes(from)) {
    throw new SolhError(`${where}: from = ${JSON.stringify(from)} is not valid: use ${INPUTS.map((x) => `'${x}'`).join(' or ')}`);
  }
  const average = rec.average ?? 'macro';
  if (!(AVERAGES as readonly unknown[]).includes(average)) {
    throw new SolhError(`${where}: average = ${JSON.stringify(average)} is not valid: use ${AVERAGES.map((x) => `'${x}'`).join(', ')}`);
  }
  return { from: from as Input, average: average as Average };
}

/** Predictions and labels as row-major [n, C] arrays of numbers. */
export interface Columns {
  classes: number;
  y: Float64Array;
  x: Float32Array | Int32Array | Uint8Array;
}

/** Reads labels and predictions and lays them out as [n, C] (class indices become one-hot). */
export function columns(where: string, yTrue: tf.Tensor, yPred: tf.Tensor): Columns {
  if (yPred.rank !== 1 && yPred.rank !== 2) {
    throw new SolhError(`${where}: predictions of shape [${yPred.shape}] are not supported: give [n], [n, 1] (binary) or [n, C] (C classes)`);
  }
  const classes = yPred.rank === 1 ? 1 : yPred.shape[1]!;
  const n = yPred.shape[0]!;
  const labels = yTrue.dataSync();
  const x = yPred.dataSync();
  const y = new Float64Array(n * classes);
  if (yTrue.size === n * classes) {
    y.set(labels);
  } else if (classes > 1 && yTrue.size === n) {
    for (let i = 0; i < n; i++) {
      const c = labels[i];
      if (!(Number.isInteger(c) && c >= 0 && c < classes)) {
        throw new SolhError(`${where}: label ${c} is not a class index in 0..${classes - 1}: give class indices or one-hot labels of shape [n, ${classes}]`);
      }
      y[i * classes + c] = 1;
    }
  } else {
    throw new SolhError(`${where}: labels of shape [${yTrue.shape}] do not fit predictions of shape [${yPred.shape}]: give labels of the predictions' shape, or class indices of shape [n]`);
  }
  return { classes, y, x };
}
