/**
 * Stratified train/validation/test split. Each class is shuffled and cut separately so every
 * part keeps the class balance; one seeded generator makes the split reproducible.
 */
import seedrandom from 'seedrandom';
import { SolhError } from '../errors';

export interface SplitFractions { train: number; validation: number; test: number }
export interface Split { train: number[]; validation: number[]; test: number[] }

export function stratifiedSplit(labels: Uint8Array, fractions: SplitFractions, seed: number): Split {
  for (const part of ['train', 'validation', 'test'] as const) {
    const f = fractions[part];
    if (!(Number.isFinite(f) && f > 0 && f < 1)) {
      throw new SolhError(`split fraction ${part} = ${f} must be between 0 and 1 (exclusive); fix the split fractions`);
    }
  }
  const sum = fractions.train + fractions.validation + fractions.test;
  if (Math.abs(sum - 1) > 1e-9) {
    throw new SolhError(`split fractions must sum to 1 but train + validation + test = ${sum}; adjust them`);
  }
  if (!(Number.isInteger(seed) && seed >= 0)) {
    throw new SolhError(`split seed ${seed} must be an integer >= 0; pass a whole number`);
  }

  const rng = seedrandom(`split:${seed}`);
  const out: Split = { train: [], validation: [], test: [] };
  for (const cls of [0, 1]) {
    const idx: number[] = [];
    labels.forEach((v, i) => {
      if (v !== 0 && v !== 1) throw new SolhError(`label ${v} at row ${i} is not 0 or 1; labels must be binary`);
      if (v === cls) idx.push(i);
    });
    // Fisher–Yates, consuming the shared generator (class 0 first, then class 1).
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    const n = idx.length;
    const nTest = Math.round(n * fractions.test);
    const nVal = Math.round(n * fractions.validation);
    if (nTest < 1 || nVal < 1 || n - nTest - nVal < 1) {
      throw new SolhError(`too few rows for the split: class ${cls} has ${n} examples, giving train/validation/test = ${n - nTest - nVal}/${nVal}/${nTest}; each part needs at least one example of each class — use more data or change the split fractions`);
    }
    // A loop, not push(...part): spreading a few hundred thousand indices overflows the call stack.
    for (let k = 0; k < n; k++) (k < nTest ? out.test : k < nTest + nVal ? out.validation : out.train).push(idx[k]);
  }
  // Sorted so the result does not depend on class order; the training loop shuffles itself.
  for (const part of [out.train, out.validation, out.test]) part.sort((a, b) => a - b);
  return out;
}
