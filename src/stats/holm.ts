/** Holm's step-down adjustment of a family of p-values (Holm 1979). Pure. */

/** Adjusted p-values in the input's order; nulls (no test) are left out of the family and stay null. */
export function holm(ps: (number | null)[]): (number | null)[] {
  const idx = ps.map((p, i) => [p, i] as const).filter((x): x is readonly [number, number] => x[0] !== null).sort((a, b) => a[0] - b[0]);
  const out: (number | null)[] = ps.map(() => null);
  let running = 0;
  idx.forEach(([p, i], k) => {
    running = Math.max(running, Math.min(1, (idx.length - k) * p));
    out[i] = running;
  });
  return out;
}
