/** Two one-sided tests (t and Wilcoxon forms) against scipy 1.17.1 (test/stats/scipy-differences.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { correctedFactor, naiveFactor, resampledT } from '../../src/stats/resampled-t';
import { tTost, wilcoxonTost } from '../../src/stats/tost';
import { close, D, N_TEST, N_TRAIN } from './scipy-differences';

test('t-form TOST equals scipy at margins 0.01 and 0.02, naive and corrected', () => {
  const naive = resampledT(D, naiveFactor(D.length), 0.95)!;
  const corr = resampledT(D, correctedFactor(D.length, N_TEST, N_TRAIN), 0.95)!;
  const cases: [typeof naive, number, number, number][] = [
    [naive, 0.01, 0.000644620573822553, 0.1557746028667701],
    [corr, 0.01, 0.024890135445031877, 0.3051962931772257],
    [naive, 0.02, 1.9726718217541847e-05, 0.001786152994302907],
    [corr, 0.02, 0.0026129478175019026, 0.04324003783680889],
  ];
  for (const [t, margin, pl, pu] of cases) {
    const r = tTost(t.mean, t.se, t.df, margin);
    close(r.pLower, pl, 1e-12, `pLower at ${margin}`);
    close(r.pUpper, pu, 1e-12, `pUpper at ${margin}`);
    close(r.p, Math.max(pl, pu), 1e-12, `TOST p at ${margin}`);
  }
});

test('Wilcoxon-form TOST equals scipy\'s exact one-sided signed-rank tests', () => {
  const r1 = wilcoxonTost(D, 0.01, (xs) => xs.map((x) => Math.round(x * 1e12) / 1e12));
  close(r1.pLower, 0.001953125, 1e-12, 'pLower 0.01');
  close(r1.pUpper, 0.2158203125, 1e-12, 'pUpper 0.01');
  const r2 = wilcoxonTost(D, 0.02, (xs) => xs.map((x) => Math.round(x * 1e12) / 1e12));
  close(r2.pLower, 0.0009765625, 1e-12, 'pLower 0.02');
  close(r2.pUpper, 0.001953125, 1e-12, 'pUpper 0.02');
  close(r2.p, 0.001953125, 1e-12, 'TOST p 0.02');
});

test('a margin that is not positive is refused', () => {
  assert.throws(() => tTost(0, 1, 3, 0), /margin/);
});
