/**
 * E(p) and dE/dp on flat float64 arrays, for the losses on flat arrays: the step itself for a
 * point mass, else a lookup in the E(p) table with linear interpolation. Plain numbers, no tensors.
 */
import { SoftStep } from './steps';
import { ContinuousDistribution, ThresholdDistribution } from './thresholds';
import { cachedTable, ExpectationTable, DEFAULT_TABLE_BITS } from './expectation';

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
