// AssemblyScript: e^x and ln(1 + x) in float64 as V8 computes Math.exp and Math.log1p (its
// src/base/ieee754.cc, from fdlibm's e_exp.c and s_log1p.c: Copyright (C) 1993 by Sun
// Microsystems, Inc.; "Permission to use, copy, modify, and distribute this software is freely
// granted, provided that this notice is preserved."). The same float64 operations in the same
// order, so the same bits as V8 built without fused multiply-adds (x64; a one-off comparison on 18
// million inputs found none different): the flat losses in WebAssembly then match those in
// JavaScript bit for bit (test/model/wasm-loss.test.ts; src/model/wasm-loss.ts checks it once per
// instance). AssemblyScript's own Math.exp is another algorithm, whose last bit can differ.

@inline function high(x: f64): i32 {
  return <i32>(reinterpret<u64>(x) >>> 32);
}
@inline function withHigh(x: f64, hi: i32): f64 {
  return reinterpret<f64>((<u64><u32>hi << 32) | (reinterpret<u64>(x) & 0xFFFFFFFF));
}
@inline function fromHigh(hi: i32): f64 {
  return reinterpret<f64>(<u64><u32>hi << 32);
}

const LN2_HI = 6.93147180369123816490e-01; // 0x3FE62E42 FEE00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76

/** e^x. */
export function exp64(x: f64): f64 {
  const P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03, P3 = 6.61375632143793436117e-05;
  const P4 = -1.65339022054652515390e-06, P5 = 4.13813679705723846039e-08;
  const bits = reinterpret<u64>(x);
  const negative = <i32>(bits >>> 63);
  const hx = <u32>(bits >>> 32) & 0x7FFFFFFF;
  if (hx >= 0x40862E42) {
    // |x| ≥ 709.78…: NaN, ±Infinity, overflow or underflow.
    if (hx >= 0x7FF00000) {
      if (((hx & 0xFFFFF) | <u32>bits) != 0) return x + x;
      return negative ? 0.0 : x;
    }
    if (x > 7.09782712893383973096e+02) return Infinity;
    if (x < -7.45133219101941108420e+02) return 0.0;
  }
  let hi = 0.0, lo = 0.0;
  let k: i32 = 0;
  if (hx > 0x3FD62E42) {
    // |x| > ln2/2: x = k·ln2 + r.
    if (hx < 0x3FF0A2B2) {
      if (x == 1.0) return 2.718281828459045; // V8 returns E here (the steps below miss its last bit)
      hi = negative ? x + LN2_HI : x - LN2_HI;
      lo = negative ? -LN2_LO : LN2_LO;
      k = 1 - negative - negative;
    } else {
      k = <i32>(1.44269504088896338700e+00 * x + (negative ? -0.5 : 0.5));
      const t = <f64>k;
      hi = x - t * LN2_HI;
      lo = t * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3E300000) {
    // |x| < 2⁻²⁸.
    return 1.0 + x;
  }
  const t = x * x;
  const twopk = k >= -1021 ? fromHigh(0x3FF00000 + (k << 20)) : fromHigh(0x3FF00000 + ((k + 1000) << 20));
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  const y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * 8.988465674311579539e307;
    return y * twopk;
  }
  return y * twopk * 9.33263618503218878990e-302;
}

/** ln(1 + x). */
export function log1p64(x: f64): f64 {
  const Lp1 = 6.666666666666735130e-01, Lp2 = 3.999999999940941908e-01, Lp3 = 2.857142874366239149e-01;
  const Lp4 = 2.222219843214978396e-01, Lp5 = 1.818357216161805012e-01, Lp6 = 1.531383769920937332e-01;
  const Lp7 = 1.479819860511658591e-01;
  const hx = high(x);
  const ax = hx & 0x7FFFFFFF;
  let k: i32 = 1;
  let f = 0.0, c = 0.0;
  let hu: i32 = 0;
  if (hx < 0x3FDA827A) {
    // 1 + x < √2.
    if (ax >= 0x3FF00000) return x == -1.0 ? -Infinity : NaN; // x ≤ −1
    if (ax < 0x3E200000) return ax < 0x3C900000 ? x : x - x * x * 0.5; // |x| < 2⁻²⁹
    if (hx > 0 || hx <= <i32>0xBFD2BEC4) {
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7FF00000) return x + x;
  if (k != 0) {
    let u: f64;
    if (hx < 0x43400000) {
      u = 1.0 + x;
      hu = high(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0);
      c /= u;
    } else {
      u = x;
      hu = high(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000FFFFF;
    if (hu < 0x6A09E) {
      u = withHigh(u, hu | 0x3FF00000);
    } else {
      k += 1;
      u = withHigh(u, hu | 0x3FE00000);
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1.0;
  }
  const hfsq = 0.5 * f * f;
  const dk = <f64>k;
  if (hu == 0) {
    // |f| < 2⁻²⁰.
    if (f == 0.0) {
      if (k == 0) return 0.0;
      c += dk * LN2_LO;
      return dk * LN2_HI + c;
    }
    const R = hfsq * (1.0 - 0.66666666666666666 * f);
    if (k == 0) return f - R;
    return dk * LN2_HI - ((R - (dk * LN2_LO + c)) - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const R = z * (Lp1 + z * (Lp2 + z * (Lp3 + z * (Lp4 + z * (Lp5 + z * (Lp6 + z * Lp7))))));
  if (k == 0) return f - (hfsq - s * (hfsq + R));
  return dk * LN2_HI - ((hfsq - (s * (hfsq + R) + (dk * LN2_LO + c))) - f);
}
