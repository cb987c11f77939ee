/**
 * The quadrature behind every E(p) table: the n-point Gauss–Legendre rule against the nodes and
 * weights tabulated in Abramowitz & Stegun (1964), Table 25.4, and exact for polynomials of degree
 * 2n − 1; the panels cover [a, b], cut at the break points and graded towards 0 and 1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gaussLegendreRule, panelEnds } from '../src/gauss-legendre';

test('nodes and weights equal Abramowitz & Stegun Table 25.4 (n = 2, 3, 5) and the closed forms', () => {
  const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-15, `${what}: ${a} vs ${b}`);
  const r2 = gaussLegendreRule(2);
  close(r2.x[1], 1 / Math.sqrt(3), 'n=2 node');
  close(r2.w[1], 1, 'n=2 weight');
  const r3 = gaussLegendreRule(3);
  close(r3.x[1], 0, 'n=3 middle node');
  close(r3.x[2], Math.sqrt(3 / 5), 'n=3 node');
  close(r3.w[1], 8 / 9, 'n=3 middle weight');
  close(r3.w[2], 5 / 9, 'n=3 weight');
  // A&S Table 25.4, n = 5 (15 digits).
  const r5 = gaussLegendreRule(5);
  const as = { x: [0, 0.538469310105683, 0.906179845938664], w: [0.568888888888889, 0.478628670499366, 0.236926885056189] };
  for (let i = 0; i < 3; i++) {
    assert.ok(Math.abs(r5.x[2 + i] - as.x[i]) < 1e-15 + 5e-16, `n=5 node ${i}`);
    assert.ok(Math.abs(r5.w[2 + i] - as.w[i]) < 1e-15 + 5e-16, `n=5 weight ${i}`);
  }
  for (const n of [2, 3, 5, 16]) {
    const r = gaussLegendreRule(n);
    for (let i = 0; i < n; i++) {
      assert.equal(r.x[i] + r.x[n - 1 - i], 0, 'symmetric nodes');
      assert.equal(r.w[i], r.w[n - 1 - i], 'symmetric weights');
      if (i > 0) assert.ok(r.x[i] > r.x[i - 1], 'ascending nodes');
    }
  }
});

test('the n-point rule integrates x^k exactly on [−1, 1] for k ≤ 2n − 1, and not x^(2n)', () => {
  for (const n of [3, 8, 20]) {
    const { x, w } = gaussLegendreRule(n);
    const q = (k: number) => x.reduce((s, xi, i) => s + w[i] * xi ** k, 0);
    for (let k = 0; k <= 2 * n - 1; k++) {
      const exact = k % 2 === 1 ? 0 : 2 / (k + 1);
      assert.ok(Math.abs(q(k) - exact) < 1e-13, `n=${n}, x^${k}: ${q(k)} vs ${exact}`);
    }
    // The error at x^(2n) is 2^(2n+1) (n!)^4 / ((2n+1) ((2n)!)^2): 4.6e-5 for n = 8, below float64 noise by n = 20.
    if (n <= 8) assert.ok(Math.abs(q(2 * n) - 2 / (2 * n + 1)) > 1e-6, `n=${n}: degree 2n is beyond the rule`);
  }
});

test('panel ends: from a to b in ascending order, every break inside kept, breaks outside ignored', () => {
  const ends = panelEnds(0.1, 0.9, [0.95, 0.5, 0.3, 0.05, 0.5]);
  assert.equal(ends[0], 0.1);
  assert.equal(ends.at(-1), 0.9);
  for (let i = 1; i < ends.length; i++) assert.ok(ends[i] > ends[i - 1], 'ascending, no empty panel');
  assert.ok(ends.includes(0.3) && ends.includes(0.5));
  assert.ok(!ends.includes(0.95) && !ends.includes(0.05));
});

test('panel ends are graded: no panel wider than 3 × its distance to 0 (or about that towards 1)', () => {
  const ends = panelEnds(1e-6, 0.5, []);
  for (let i = 1; i < ends.length; i++) assert.ok(ends[i] - ends[i - 1] <= 3 * ends[i - 1] * (1 + 1e-12), `panel ${i}`);
  // 1e-6 · 4^k reaches 0.5 after ⌈log4(5e5)⌉ = 10 panels.
  assert.equal(ends.length - 1, 10);
  // Above ½ each panel keeps (1 − end) ≥ (1 − start)/4: 0.4/4^k falls below 1e-6 at k = 10.
  const upper = panelEnds(0.6, 1 - 1e-6, []);
  for (let i = 1; i < upper.length - 1; i++) assert.ok(1 - upper[i] >= ((1 - upper[i - 1]) / 4) * (1 - 1e-9), `upper panel ${i}`);
  assert.equal(upper.length - 1, 10);
  assert.equal(upper.at(-1), 1 - 1e-6);
});
