/**
 * Composite Gauss–Legendre quadrature on panels, with geometric grading towards 0 and 1 where the
 * soft steps' integrands behave like 1/τ or 1/(1 − τ). Float64; used once per table, never per step.
 */

/** Nodes and weights of the n-point rule on [−1, 1], by Newton's method on P_n. */
export function gaussLegendreRule(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[i] = -z;
    x[n - 1 - i] = z;
    w[i] = w[n - 1 - i] = 2 / ((1 - z * z) * dp * dp);
  }
  return { x, w };
}

/**
 * Splits [a, b] so that no panel is wider than GRADING × its distance to 0: an integrand like 1/τ
 * on [2p, ½] is then smooth on every panel, whatever p. Toward 1 only panels that start above ½ are
 * graded: a panel starting at or below ½ may run to b (panelEnds(0.3, 1 − 1e-6, []) is one panel).
 * The committed E(p) tables were built this way, so changing it would change records.
 */
const GRADING = 3;
function gradedPanels(a: number, b: number, out: number[]): void {
  let x = a;
  while (x < b) {
    const room = Math.min(x, 1 - x);
    let y = room > 0 ? x + GRADING * room : b;
    // Approaching 1: keep (1 − y) ≥ (1 − x)/(1 + GRADING) so that 1/(1 − τ) is smooth too.
    if (1 - b > 0 && x > 0.5) y = Math.min(y, 1 - (1 - x) / (1 + GRADING));
    if (y >= b || b - y < 1e-15) y = b;
    out.push(y);
    x = y;
  }
}

/** Ordered panel ends covering [a, b], cut at the given interior break points and graded. */
export function panelEnds(a: number, b: number, breaks: number[]): number[] {
  const cuts = breaks.filter((t) => t > a && t < b).sort((u, v) => u - v);
  const ends = [a];
  let start = a;
  for (const c of [...cuts, b]) {
    if (c - start <= 0) continue;
    gradedPanels(start, c, ends);
    start = c;
  }
  return ends;
}
