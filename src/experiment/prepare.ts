/**
 * From a config and a seed to tensors: load the table (once per process), split it by the seed,
 * scale the features with training statistics (data.scaling), and place train / validation / test on the backend.
 */
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { loadTable, stratifiedSplit, fitScaler, applyScaler, Table } from '../data';
import { Config } from './config';
import { packageRoot } from './package-info';

export interface PreparedPart {
  x: tf.Tensor2D;
  y: tf.Tensor1D;
  labels: Uint8Array;
}

export interface PreparedData {
  seed: number;
  width: number;
  train: PreparedPart;
  validation: PreparedPart;
  test: PreparedPart;
  dispose(): void;
}

/** A relative data path is looked up in the working folder, then in the package (the shipped data). */
export function resolveDataPath(path: string): string {
  if (isAbsolute(path)) return path;
  const here = resolve(path);
  if (existsSync(here)) return here;
  const shipped = resolve(packageRoot(), path);
  return existsSync(shipped) ? shipped : here;
}

export function dataChecksum(path: string): string {
  return createHash('sha256').update(readFileSync(resolveDataPath(path))).digest('hex');
}

const tables = new Map<string, Table>();

export function loadConfiguredTable(c: Config): Table {
  const key = JSON.stringify(c.data);
  let t = tables.get(key);
  if (!t) {
    t = loadTable(resolveDataPath(c.data.path), { label: c.data.label, drop: c.data.drop, positive: c.data.positive });
    tables.set(key, t);
  }
  return t;
}

export function prepareData(c: Config, seed: number): PreparedData {
  const table = loadConfiguredTable(c);
  const split = stratifiedSplit(table.labels, c.split, seed);
  const scaler = fitScaler(table.rows, split.train, c.data.scaling);
  const width = table.featureNames.length;
  const part = (idx: number[]): PreparedPart => {
    const labels = Uint8Array.from(idx, (i) => table.labels[i]);
    return {
      x: tf.tensor2d(applyScaler(table.rows, idx, scaler), [idx.length, width]),
      y: tf.tensor1d(Float32Array.from(labels)),
      labels,
    };
  };
  const parts = { train: part(split.train), validation: part(split.validation), test: part(split.test) };
  return {
    seed,
    width,
    ...parts,
    dispose: () => tf.dispose(Object.values(parts).flatMap((p) => [p.x, p.y])),
  };
}
