/**
 * E(p) and dE/dp on flat float64 arrays, for the losses on flat arrays: the step itself for a
 * point mass, else a lookup in the E(p) table with linear interpolation. Plain numbers, no tensors.
 */
import { SoftStep } from './steps';
import { ThresholdDistribution } from './thresholds';
import { cachedTable, ExpectationTable, DEFAULT_TABLE_BITS } from './expectation';

/**
 * What a fill reads, for a kernel that computes the same fill elsewhere (the lock-step
 * WebAssembly, assembly/loss.ts): the table, or the step at a point mass.
 */
export type FillForm = { kind: 'table'; table: ExpectationTable } | { kind: 'point'; step: SoftStep; tau0: number };

/** Fills E(p_i) and dE/dp(p_i) in float64: the step itself for a point mass, else the interpolated table. */
export type ExpectationFill = ((p: Float64Array, e: Float64Array, de: Float64Array) => void) & { readonly form: FillForm };

export function expectationFill(step: SoftStep, dist: ThresholdDistribution, bits = DEFAULT_TABLE_BITS): ExpectationFill {
  if (dist.kind === 'point') {
    const tau0 = dist.tau0;
    const fillPoint = (p: Float64Array, e: Float64Array, de: Float64Array) => {
      for (let i = 0; i < p.length; i++) {
        e[i] = step.value(p[i], tau0);
        de[i] = step.slope(p[i], tau0);
      }
    };
    return Object.assign(fillPoint, { form: { kind: 'point' as const, step, tau0 } });
  }
  const table = cachedTable(step, dist, bits);
  const n = table.size;
  // Packed on first use: a kernel that reads the table elsewhere never calls this.
  let packed: Float32Array | undefined;
  const fillTable = (p: Float64Array, e: Float64Array, de: Float64Array) => {
    const pk = (packed ??= packedTable(table));
    for (let k = 0; k < p.length; k++) {
      const x = (p[k] <= 0 ? 0 : p[k] >= 1 ? 1 : p[k]) * n;
      const i = x >= n ? n - 1 : Math.floor(x);
      const f = x - i;
      const j = 4 * i;
      e[k] = pk[j] + f * pk[j + 1];
      de[k] = pk[j + 2] + f * pk[j + 3];
    }
  };
  return Object.assign(fillTable, { form: { kind: 'table' as const, table } });
}

/**
 * The four columns of the table (E, its step, dE/dp, its step) interleaved per node, so that one
 * lookup touches one cache line instead of four: with batches of 10⁵ examples the lookups are
 * random accesses into megabytes, and this halves their cost. Same float32 values, same results.
 */
const packedTables = new WeakMap<ExpectationTable, Float32Array>();
function packedTable(t: ExpectationTable): Float32Array {
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
  return packed;
}
