/** Holm's step-down adjustment against R's p.adjust. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holm } from '../../src/stats/holm';

const close = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);

test('Holm: R\'s p.adjust values; nulls stay out of the family', () => {
  // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02.
  const adj = holm([0.01, 0.04, 0.03, 0.005]);
  [0.03, 0.06, 0.06, 0.02].forEach((e, i) => close(adj[i]!, e, 1e-15, `holm ${i}`));
  assert.deepEqual(holm([0.6, null, 0.4]), [0.8, null, 0.8]);
});
