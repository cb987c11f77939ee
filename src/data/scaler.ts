/**
 * Feature scaling fitted on training rows only (so validation/test leak nothing into it): z-score
 * (standardisation), min-max (onto [0, 1] on the training rows) or none. Every method is
 * x ↦ (x − centre)/spread with its own centre and spread. Statistics are float64 and two-pass for
 * accuracy; the output is float32 for the model.
 */
import { SolhError } from '../errors';

/**
 * centre: what is subtracted (the mean for z-score, the minimum for min-max, 0 for none); spread:
 * the divisor (the population sd, the range, 1). Internal: no record holds a scaler.
 */
export interface Scaler { centre: Float64Array; spread: Float64Array }

/** The config's data.scaling choices. */
export const SCALINGS = ['z-score', 'min-max', 'none'] as const;
export type ScalingMethod = (typeof SCALINGS)[number];

/** z-score: per-column mean and population sd (ddof 0) over rows[indices]; min-max: minimum and range. */
export function fitScaler(rows: Float64Array[], indices: number[], method: ScalingMethod = 'z-score'): Scaler {
  if (indices.length === 0) throw new SolhError('cannot fit the feature scaler on zero rows; the training part is empty — use more data');
  const width = rows[indices[0]].length;
  if (method === 'none') return { centre: new Float64Array(width), spread: new Float64Array(width).fill(1) };
  if (method === 'min-max') return minMax(rows, indices, width);
  const mean = new Float64Array(width);
  const sd = new Float64Array(width);
  for (let c = 0; c < width; c++) {
    let [m, s] = meanSd(rows, indices, c, 1);
    // Values near ±1e308 overflow the sums; redo the column scaled into [-1, 1].
    if (!Number.isFinite(m) || !Number.isFinite(s)) {
      let max = 0;
      for (const i of indices) max = Math.max(max, Math.abs(rows[i][c]));
      [m, s] = meanSd(rows, indices, c, max);
      m *= max;
      s *= max;
    }
    mean[c] = m;
    sd[c] = s;
  }
  return { centre: mean, spread: sd };
}

function minMax(rows: Float64Array[], indices: number[], width: number): Scaler {
  const min = new Float64Array(width).fill(Infinity);
  const max = new Float64Array(width).fill(-Infinity);
  for (const i of indices) {
    for (let c = 0; c < width; c++) {
      const x = rows[i][c];
      if (x < min[c]) min[c] = x;
      if (x > max[c]) max[c] = x;
    }
  }
  // A constant column has range 0 and maps to 0, as under z-score.
  return { centre: min, spread: Float64Array.from(max, (m, c) => m - min[c]) };
}

function meanSd(rows: Float64Array[], indices: number[], c: number, scale: number): [number, number] {
  let sum = 0;
  for (const i of indices) sum += rows[i][c] / scale;
  const m = sum / indices.length;
  let ss = 0;
  for (const i of indices) { const d = rows[i][c] / scale - m; ss += d * d; }
  return [m, Math.sqrt(ss / indices.length)];
}

/** Flat row-major (indices.length × width) matrix of (x − centre)/spread; constant columns become 0. */
export function applyScaler(rows: Float64Array[], indices: number[], scaler: Scaler): Float32Array {
  const { centre, spread } = scaler;
  const width = centre.length;
  const out = new Float32Array(indices.length * width);
  // A (near-)zero spread carries no information and would divide by zero: emit 0 instead.
  const usable = Array.from(spread, (s, c) => s >= 1e-12 * (Math.abs(centre[c]) + 1));
  indices.forEach((i, r) => {
    const row = rows[i];
    if (row.length !== width) throw new SolhError(`row ${i} has ${row.length} features but the scaler was fitted on ${width}; fit and apply the scaler on the same table`);
    for (let c = 0; c < width; c++) {
      out[r * width + c] = usable[c] ? (row[c] - centre[c]) / spread[c] : 0;
    }
  });
  return out;
}
