/**
 * Checks of the library's arguments (one SolhError naming the argument and the valid values) and
 * of labels and predictions at the entry, as scikit-learn's _check_targets does: [n] or [n, 1] is
 * binary, [n, C] is C one-vs-rest columns; labels are 0/1 of the predictions' shape (one-hot rows
 * for C > 1), or class indices of shape [n] or [n, 1] for C > 1; probabilities lie in [0, 1].
 */
import * as tf from '@tensorflow/tfjs';
import { SolhError } from '../errors';
import { AVERAGES, Average, INPUTS, Input } from '../one-vs-rest';

export interface AveragingOptions {
  /** What the model outputs: 'probabilities' (a sigmoid or softmax layer, the default) or 'logits'. */
  from?: Input;
  /**
   * How C > 1 one-vs-rest scores are averaged: 'macro' (default, plain mean), 'support-weighted'
   * (by each class's count of positives: scikit-learn's average='weighted') or 'micro' (one score
   * of the summed counts).
   */
  average?: Average;
}

/**
 * Names that mean something else in SOL's Keras package, SOL(score, distribution, mu, delta, mode),
 * or in scikit-learn: refused with the solh name instead of being taken for something else.
 */
const FOREIGN_OPTIONS: Record<string, string> = {
  delta: "in SOL's Keras package delta is the half-width of the cosine distribution (solh: the s of 'cosine(μ,s)' in the loss spec); the slope δ of the linear step H^l is the option stepSlope",
  mode: "SOL's mode ('average' or 'weighted' by negatives) is solh's option average ('macro', 'support-weighted' by positives, 'micro')",
  mu: "SOL's mu is the centre of the cosine distribution: write it in the loss spec, e.g. 'sol:cosine(0.5,0.1)'",
  distribution: "SOL's distribution is part of the loss spec: 'sol:uniform' or 'sol:cosine(μ,s)'",
};

/** The average named 'weighted' means opposite things in SOL (by negatives) and scikit-learn (by positives). */
const WEIGHTED = "average 'weighted' is ambiguous: scikit-learn's 'weighted' weights each class by its positives (solh: 'support-weighted'); SOL's mode='weighted' weights it by its negatives (not offered)";

/** Rejects keys other than `allowed` and values outside their lists. */
export function checkOptions(where: string, o: unknown, allowed: string[]): { from: Input; average: Average } {
  if (o === undefined) return { from: 'probabilities', average: 'macro' };
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    throw new SolhError(`${where}: options must be an object with keys ${allowed.join(', ')}`);
  }
  const rec = o as Record<string, unknown>;
  const unknown = Object.keys(rec).find((k) => !allowed.includes(k));
  if (unknown !== undefined) {
    const hint = FOREIGN_OPTIONS[unknown];
    throw new SolhError(`${where}: unknown option "${unknown}"${hint ? ` (${hint})` : ''}: valid options are ${allowed.join(', ')}`);
  }
  const from = rec.from ?? 'probabilities';
  if (!(INPUTS as readonly unknown[]).includes(from)) {
    throw new SolhError(`${where}: from = ${JSON.stringify(from)} is not valid: use ${INPUTS.map((x) => `'${x}'`).join(' or ')}`);
  }
  const average = rec.average ?? 'macro';
  if (average === 'weighted') throw new SolhError(`${where}: ${WEIGHTED}`);
  if (!(AVERAGES as readonly unknown[]).includes(average)) {
    throw new SolhError(`${where}: average = ${JSON.stringify(average)} is not valid: use ${AVERAGES.map((x) => `'${x}'`).join(', ')}`);
  }
  return { from: from as Input, average: average as Average };
}

/** A numeric option: a number (not a numeric string), or the default when absent. */
export function numberOption(where: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') {
    throw new SolhError(`${where}: ${name} = ${JSON.stringify(value)} is a ${value === null ? 'null' : typeof value}, not a number: give a number such as ${fallback}`);
  }
  return value;
}

/** A boolean option, or the default when absent. */
export function booleanOption(where: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new SolhError(`${where}: ${name} = ${JSON.stringify(value)} is not true or false`);
  return value;
}

/** Predictions and labels as row-major [n, C] arrays of numbers. */
export interface Columns {
  classes: number;
  y: Float64Array;
  x: Float32Array | Int32Array | Uint8Array;
}

/** What the two tensors are called in messages: the loss's arguments, or the callback's data. */
export interface TensorNames {
  labels: string;
  predictions: string;
}

const LOSS_ARGUMENTS: TensorNames = { labels: 'yTrue (labels)', predictions: 'yPred (predictions)' };

const shapeText = (s: number[]) => `[${s.join(', ')}]`;

/**
 * The number of output columns C, after checking that the labels' shape fits the predictions'
 * (no read of the values: this is free in every call).
 */
export function checkShapes(where: string, yTrue: tf.Tensor, yPred: tf.Tensor, names: TensorNames = LOSS_ARGUMENTS): number {
  if (!(yTrue instanceof tf.Tensor) || !(yPred instanceof tf.Tensor)) {
    throw new SolhError(`${where}: ${!(yTrue instanceof tf.Tensor) ? names.labels : names.predictions} is not a tensor`);
  }
  if (yPred.rank !== 1 && yPred.rank !== 2) {
    throw new SolhError(`${where}: ${names.predictions} of shape ${shapeText(yPred.shape)} are not supported: give [n], [n, 1] (binary) or [n, C] (C classes)`);
  }
  const classes = yPred.rank === 1 ? 1 : yPred.shape[1]!;
  const n = yPred.shape[0]!;
  const s = yTrue.shape;
  const column = (s.length === 1 && s[0] === n) || (s.length === 2 && s[0] === n && s[1] === 1);
  const same = s.length === 2 && s[0] === n && s[1] === classes;
  if (!(column || same)) {
    const want = classes === 1 ? `[${n}] or [${n}, 1]` : `[${n}, ${classes}] (one-hot) or class indices of shape [${n}]`;
    throw new SolhError(`${where}: ${names.labels} of shape ${shapeText(s)} do not fit ${names.predictions} of shape ${shapeText(yPred.shape)}: give labels of shape ${want}`);
  }
  return classes;
}

/**
 * Reads labels and predictions, checks their values, and lays them out as [n, C] (class indices
 * become one-hot). Binary labels must be 0 or 1, rows of C > 1 labels one-hot, probabilities in
 * [0, 1], logits finite.
 */
export function columns(where: string, yTrue: tf.Tensor, yPred: tf.Tensor, from: Input, names: TensorNames = LOSS_ARGUMENTS): Columns {
  const classes = checkShapes(where, yTrue, yPred, names);
  const n = yPred.shape[0]!;
  const labels = yTrue.dataSync();
  const x = yPred.dataSync() as Float32Array | Int32Array | Uint8Array;
  const y = new Float64Array(n * classes);
  const bad = (i: number, what: string, fix: string): never => {
    const row = classes === 1 ? `${i}` : `${Math.floor(i / classes)}`;
    throw new SolhError(`${where}: ${what} (row ${row}): ${fix}`);
  };
  if (classes > 1 && yTrue.size === n) {
    for (let i = 0; i < n; i++) {
      const c = labels[i];
      if (!(Number.isInteger(c) && c >= 0 && c < classes)) {
        bad(i * classes, `${names.labels} holds ${c}, not a class index in 0..${classes - 1}`, `give class indices or one-hot labels of shape [n, ${classes}]`);
      }
      y[i * classes + c] = 1;
    }
  } else {
    for (let i = 0; i < labels.length; i++) {
      const v = labels[i];
      if (v !== 0 && v !== 1) {
        bad(i, `${names.labels} holds ${v}, not 0 or 1`, classes === 1 ? 'binary labels are 0 or 1' : 'give one-hot rows or class indices');
      }
      y[i] = v;
    }
    if (classes > 1) {
      for (let r = 0; r < n; r++) {
        let ones = 0;
        for (let c = 0; c < classes; c++) ones += y[r * classes + c];
        if (ones !== 1) bad(r * classes, `${names.labels} row has ${ones} ones, not one-hot`, 'give exactly one 1 per row (or class indices)');
      }
    }
  }
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (from === 'probabilities' ? !(v >= 0 && v <= 1) : !Number.isFinite(v)) {
      const what = from === 'probabilities' ? `${names.predictions} holds ${v}, not a probability in [0, 1]` : `${names.predictions} holds ${v}, not a finite logit`;
      bad(i, what, from === 'probabilities' ? "end the model in a sigmoid or softmax, or pass from: 'logits' for a linear last layer" : 'the model diverged or its inputs hold NaN');
    }
  }
  return { classes, y, x };
}
