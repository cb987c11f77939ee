/**
 * From a config and a seed to examples: load the table (once per process), split it by the seed,
 * z-score with training statistics, and lay out train / validation / test as flat float32 arrays
 * (the training kernel reads them directly; the TF.js kernel makes its own tensors).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { loadTable, stratifiedSplit, fitScaler, applyScaler, Table } from '../data';
import { Config } from './config';
import { packageRoot } from './package-info';
import type { Examples } from '../train/engine';

export interface PreparedPart extends Examples {
  labels: Uint8Array;
}

export interface PreparedData {
  seed: number;
  width: number;
  train: PreparedPart;
  validation: PreparedPart;
  test: PreparedPart;
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
  const scaler = fitScaler(table.rows, split.train);
  const width = table.featureNames.length;
  const part = (idx: number[]): PreparedPart => {
    const labels = Uint8Array.from(idx, (i) => table.labels[i]);
    return { x: applyScaler(table.rows, idx, scaler), y: Float32Array.from(labels), rows: idx.length, width, labels };
  };
  return { seed, width, train: part(split.train), validation: part(split.validation), test: part(split.test) };
}
