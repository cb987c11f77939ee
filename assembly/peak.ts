// AssemblyScript: the f32x4 mul + add peak of this machine's WebAssembly engine, for
// scripts/bench-simd-peak.ts (compiled there, not by the build). Twelve independent chains
// acc ← acc·a + b held in registers: each chain waits for its own mul and add only, so with
// enough chains in flight the loop is bound by how many vector mul/add the core issues per cycle.
// Each iteration is 12 × (mul + add) × 4 lanes = 96 FLOP.

export function mulAdd(iterations: i32, seed: f32): f32 {
  const a = f32x4.splat(0.9999);
  const b = f32x4.splat(0.0001);
  let c0 = f32x4.splat(seed), c1 = f32x4.splat(seed + 1), c2 = f32x4.splat(seed + 2), c3 = f32x4.splat(seed + 3);
  let c4 = f32x4.splat(seed + 4), c5 = f32x4.splat(seed + 5), c6 = f32x4.splat(seed + 6), c7 = f32x4.splat(seed + 7);
  let c8 = f32x4.splat(seed + 8), c9 = f32x4.splat(seed + 9), c10 = f32x4.splat(seed + 10), c11 = f32x4.splat(seed + 11);
  for (let i = 0; i < iterations; i++) {
    c0 = f32x4.add(f32x4.mul(c0, a), b); c1 = f32x4.add(f32x4.mul(c1, a), b);
    c2 = f32x4.add(f32x4.mul(c2, a), b); c3 = f32x4.add(f32x4.mul(c3, a), b);
    c4 = f32x4.add(f32x4.mul(c4, a), b); c5 = f32x4.add(f32x4.mul(c5, a), b);
    c6 = f32x4.add(f32x4.mul(c6, a), b); c7 = f32x4.add(f32x4.mul(c7, a), b);
    c8 = f32x4.add(f32x4.mul(c8, a), b); c9 = f32x4.add(f32x4.mul(c9, a), b);
    c10 = f32x4.add(f32x4.mul(c10, a), b); c11 = f32x4.add(f32x4.mul(c11, a), b);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(f32x4.add(c4, c5), f32x4.add(c6, c7)));
  const t = f32x4.add(f32x4.add(c8, c9), f32x4.add(c10, c11));
  return f32x4.extract_lane(f32x4.add(s, t), 0);
}

/** The accumulate form of a matrix product: acc += x·w with x, w changing each step (loaded, as in a kernel). */
export function accumulate(iterations: i32, base: usize): f32 {
  let c0 = f32x4.splat(0), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
  for (let i = 0; i < iterations; i++) {
    const p = base + ((<usize>i & 63) << 5);
    const w0 = v128.load(p);
    const w1 = v128.load(p, 16);
    const x0 = f32x4.splat(load<f32>(p, 2048));
    const x1 = f32x4.splat(load<f32>(p, 2052));
    const x2 = f32x4.splat(load<f32>(p, 2056));
    const x3 = f32x4.splat(load<f32>(p, 2060));
    c0 = f32x4.add(c0, f32x4.mul(x0, w0)); c1 = f32x4.add(c1, f32x4.mul(x0, w1));
    c2 = f32x4.add(c2, f32x4.mul(x1, w0)); c3 = f32x4.add(c3, f32x4.mul(x1, w1));
    c4 = f32x4.add(c4, f32x4.mul(x2, w0)); c5 = f32x4.add(c5, f32x4.mul(x2, w1));
    c6 = f32x4.add(c6, f32x4.mul(x3, w0)); c7 = f32x4.add(c7, f32x4.mul(x3, w1));
  }
  const s = f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(f32x4.add(c4, c5), f32x4.add(c6, c7)));
  return f32x4.extract_lane(s, 0);
}
