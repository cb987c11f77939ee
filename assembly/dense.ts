// AssemblyScript: the dense-layer loops of src/model/dense-kernel.ts with WebAssembly SIMD (f32x4).
// Same contracts, on byte addresses in this module's memory; sums are float32 lanes (the JS loops
// sum in float64), which the gradient-parity tests hold within 1e-5 of TF.js.
// Built by `npm run build` (asc --enable simd) into dist/src/model/dense.wasm.

@inline function f(a: usize, i: i32): f32 {
  return load<f32>(a + (<usize>i << 2));
}
@inline function setf(a: usize, i: i32, v: f32): void {
  store<f32>(a + (<usize>i << 2), v);
}
@inline function v(a: usize, i: i32): v128 {
  return v128.load(a + (<usize>i << 2));
}
@inline function setv(a: usize, i: i32, x: v128): void {
  v128.store(a + (<usize>i << 2), x);
}
@inline function act(s: f32, relu: bool): f32 {
  return relu && s < 0 ? 0 : s;
}
@inline function hsum(x: v128): f32 {
  return f32x4.extract_lane(x, 0) + f32x4.extract_lane(x, 1) + f32x4.extract_lane(x, 2) + f32x4.extract_lane(x, 3);
}

@inline function add(a: v128, b: v128): v128 {
  return f32x4.add(a, b);
}
@inline function mul(a: v128, b: v128): v128 {
  return f32x4.mul(a, b);
}
@inline function splat(a: usize, i: i32): v128 {
  return f32x4.splat(f(a, i));
}
/** ReLU (pmax(a, 0) = a < 0 ? 0 : a: keeps NaN) and the mask, then the store. */
@inline function emitv(out: usize, o: i32, a: v128, relu: bool, mask: usize): void {
  if (relu) a = f32x4.pmax(a, f32x4.splat(0));
  if (mask) a = mul(a, v(mask, o));
  setv(out, o, a);
}

// Register blocking. Every output keeps its own accumulator and its own order of summation (the
// bias, then p = 0, 1, … for a forward sum; i = 0, 1, … for a weight gradient; lanes j ≡ 0‥3 mod 4
// then lane 0 + 1 + 2 + 3 for a gradient in the inputs), so a wider block gives the same float32
// bits as the narrow loops after it: blocks only decide how many sums run at once (4 rows × 8
// columns: 8 accumulators, each loaded weight vector serving 4 rows, each splat 2 vectors).

/** out[i,j] = act(b[j] + Σ_p in[i,p]·W[p,j]) · mask[i,j]; mask 0 means none. */
export function denseForward(th: usize, wo: i32, bo: i32, inp: usize, rows: i32, k: i32, n: i32, out: usize, relu: bool, mask: usize): void {
  const n8 = n - (n & 7);
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const i0 = i * k, i1 = i0 + k, i2 = i1 + k, i3 = i2 + k;
    const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    for (let j = 0; j < n8; j += 8) {
      let a0 = v(th, bo + j), a1 = v(th, bo + j + 4);
      let b0 = a0, b1 = a1, c0 = a0, c1 = a1, d0 = a0, d1 = a1;
      for (let p = 0, w = wo + j; p < k; p++, w += n) {
        const w0 = v(th, w), w1 = v(th, w + 4);
        const x0 = splat(inp, i0 + p), x1 = splat(inp, i1 + p), x2 = splat(inp, i2 + p), x3 = splat(inp, i3 + p);
        a0 = add(a0, mul(x0, w0)); a1 = add(a1, mul(x0, w1));
        b0 = add(b0, mul(x1, w0)); b1 = add(b1, mul(x1, w1));
        c0 = add(c0, mul(x2, w0)); c1 = add(c1, mul(x2, w1));
        d0 = add(d0, mul(x3, w0)); d1 = add(d1, mul(x3, w1));
      }
      emitv(out, o0 + j, a0, relu, mask); emitv(out, o0 + j + 4, a1, relu, mask);
      emitv(out, o1 + j, b0, relu, mask); emitv(out, o1 + j + 4, b1, relu, mask);
      emitv(out, o2 + j, c0, relu, mask); emitv(out, o2 + j + 4, c1, relu, mask);
      emitv(out, o3 + j, d0, relu, mask); emitv(out, o3 + j + 4, d1, relu, mask);
    }
    if (n8 < n) denseForwardFrom(th, wo, bo, inp, i, i + 4, k, n, n8, out, relu, mask);
  }
  if (i < rows) denseForwardFrom(th, wo, bo, inp, i, rows, k, n, 0, out, relu, mask);
}

/** The forward sums of rows [r0, r1) and columns [j0, n), two rows × four columns at a time. */
function denseForwardFrom(th: usize, wo: i32, bo: i32, inp: usize, r0: i32, r1: i32, k: i32, n: i32, j0: i32, out: usize, relu: bool, mask: usize): void {
  const n4 = n - (n & 3);
  for (let i = r0; i < r1; i += 2) {
    const two = i + 1 < r1;
    const ia = i * k;
    const ib = two ? ia + k : ia;
    const oa = i * n;
    const ob = oa + n;
    for (let j = j0; j < n4; j += 4) {
      let a = v(th, bo + j);
      let b = a;
      for (let p = 0, w = wo + j; p < k; p++, w += n) {
        const wv = v(th, w);
        a = add(a, mul(splat(inp, ia + p), wv));
        b = add(b, mul(splat(inp, ib + p), wv));
      }
      emitv(out, oa + j, a, relu, mask);
      if (two) emitv(out, ob + j, b, relu, mask);
    }
    for (let j = max(n4, j0); j < n; j++) {
      let a: f32 = f(th, bo + j);
      let b: f32 = a;
      for (let p = 0, w = wo + j; p < k; p++, w += n) {
        a += f(inp, ia + p) * f(th, w);
        b += f(inp, ib + p) * f(th, w);
      }
      a = act(a, relu);
      b = act(b, relu);
      if (mask) {
        a *= f(mask, oa + j);
        if (two) b *= f(mask, ob + j);
      }
      setf(out, oa + j, a);
      if (two) setf(out, ob + j, b);
    }
  }
}

/** grad W[p,j] = Σ_i in[i,p]·d[i,j], grad b[j] = Σ_i d[i,j]. */
export function denseGradients(grad: usize, wo: i32, bo: i32, inp: usize, d: usize, rows: i32, k: i32, n: i32): void {
  const n8 = n - (n & 7);
  const n4 = n - (n & 3);
  const k4 = k - (k & 3);
  let p = 0;
  // Four inputs p × eight columns j.
  for (; p < k4; p += 4) {
    for (let j = 0; j < n8; j += 8) {
      let a0 = f32x4.splat(0), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, e0 = a0, e1 = a0;
      for (let i = 0; i < rows; i++) {
        const d0 = v(d, i * n + j), d1 = v(d, i * n + j + 4);
        const ip = i * k + p;
        const x0 = splat(inp, ip), x1 = splat(inp, ip + 1), x2 = splat(inp, ip + 2), x3 = splat(inp, ip + 3);
        a0 = add(a0, mul(x0, d0)); a1 = add(a1, mul(x0, d1));
        b0 = add(b0, mul(x1, d0)); b1 = add(b1, mul(x1, d1));
        c0 = add(c0, mul(x2, d0)); c1 = add(c1, mul(x2, d1));
        e0 = add(e0, mul(x3, d0)); e1 = add(e1, mul(x3, d1));
      }
      const w = wo + p * n + j;
      setv(grad, w, a0); setv(grad, w + 4, a1);
      setv(grad, w + n, b0); setv(grad, w + n + 4, b1);
      setv(grad, w + 2 * n, c0); setv(grad, w + 2 * n + 4, c1);
      setv(grad, w + 3 * n, e0); setv(grad, w + 3 * n + 4, e1);
    }
    for (let j = n8; j < n4; j += 4) {
      let a = f32x4.splat(0), b = a, c = a, e = a;
      for (let i = 0; i < rows; i++) {
        const dv = v(d, i * n + j);
        const ip = i * k + p;
        a = add(a, mul(splat(inp, ip), dv));
        b = add(b, mul(splat(inp, ip + 1), dv));
        c = add(c, mul(splat(inp, ip + 2), dv));
        e = add(e, mul(splat(inp, ip + 3), dv));
      }
      const w = wo + p * n + j;
      setv(grad, w, a); setv(grad, w + n, b); setv(grad, w + 2 * n, c); setv(grad, w + 3 * n, e);
    }
  }
  // The last inputs (fewer than four), two at a time.
  for (; p < k; p += 2) {
    const two = p + 1 < k;
    const q = two ? p + 1 : p;
    for (let j = 0; j < n4; j += 4) {
      let a = f32x4.splat(0);
      let b = a;
      for (let i = 0; i < rows; i++) {
        const dv = v(d, i * n + j);
        a = add(a, mul(splat(inp, i * k + p), dv));
        b = add(b, mul(splat(inp, i * k + q), dv));
      }
      setv(grad, wo + p * n + j, a);
      if (two) setv(grad, wo + q * n + j, b);
    }
  }
  // Columns left over (all of them for the output layer, n = 1): eight, then four inputs p at a time.
  const k8 = k - (k & 7);
  for (let j = n4; j < n; j++) {
    let p = 0;
    for (; p < k8; p += 8) {
      let a = f32x4.splat(0);
      let b = a;
      for (let i = 0; i < rows; i++) {
        const dv = splat(d, i * n + j);
        a = add(a, mul(v(inp, i * k + p), dv));
        b = add(b, mul(v(inp, i * k + p + 4), dv));
      }
      storeColumn(grad, wo + p * n + j, n, a);
      storeColumn(grad, wo + (p + 4) * n + j, n, b);
    }
    for (; p < k4; p += 4) {
      let a = f32x4.splat(0);
      for (let i = 0; i < rows; i++) a = add(a, mul(v(inp, i * k + p), splat(d, i * n + j)));
      storeColumn(grad, wo + p * n + j, n, a);
    }
    for (p = k4; p < k; p++) {
      let a: f32 = 0;
      for (let i = 0; i < rows; i++) a += f(inp, i * k + p) * f(d, i * n + j);
      setf(grad, wo + p * n + j, a);
    }
  }
  let j = 0;
  for (; j < n8; j += 8) {
    let a = f32x4.splat(0);
    let b = a;
    for (let i = 0; i < rows; i++) {
      a = add(a, v(d, i * n + j));
      b = add(b, v(d, i * n + j + 4));
    }
    setv(grad, bo + j, a);
    setv(grad, bo + j + 4, b);
  }
  for (; j < n4; j += 4) {
    let a = f32x4.splat(0);
    for (let i = 0; i < rows; i++) a = add(a, v(d, i * n + j));
    setv(grad, bo + j, a);
  }
  for (; j < n; j++) {
    let a: f32 = 0;
    for (let i = 0; i < rows; i++) a += f(d, i * n + j);
    setf(grad, bo + j, a);
  }
}

/** Four lanes into a column of a row-major matrix of width n, from element o down. */
@inline function storeColumn(a: usize, o: i32, n: i32, x: v128): void {
  setf(a, o, f32x4.extract_lane(x, 0));
  setf(a, o + n, f32x4.extract_lane(x, 1));
  setf(a, o + 2 * n, f32x4.extract_lane(x, 2));
  setf(a, o + 3 * n, f32x4.extract_lane(x, 3));
}

/** din = s where the previous layer's output h passed (h > 0), times the mask (0: none); a select, not a branch. */
@inline function emitBack(din: usize, o: i32, s: f32, h: usize, mask: usize): void {
  const val: f32 = mask ? s * f(mask, o) : s;
  setf(din, o, select<f32>(val, 0, f(h, o) > 0));
}
/**
 * The same for four consecutive inputs o‥o+3: the mask of h > 0 (NaN fails it, as in the scalar
 * test) ANDed with the value gives +0 where h did not pass, the bits of the scalar path's literal 0.
 * The pattern of passing units is random (ReLU and dropout), so branching on it mispredicts.
 */
@inline function emitBack4(din: usize, o: i32, s: v128, h: usize, mask: usize): void {
  const val = mask ? mul(s, v(mask, o)) : s;
  setv(din, o, v128.and(val, f32x4.gt(v(h, o), f32x4.splat(0))));
}

/** din[i,p] = [h[i,p] > 0] · mask[i,p] · Σ_j d[i,j]·W[p,j]; mask 0 means none. */
export function denseBackInput(th: usize, wo: i32, d: usize, rows: i32, k: i32, n: i32, h: usize, mask: usize, din: usize): void {
  const n4 = n - (n & 3);
  const k4 = k - (k & 3);
  let i = 0;
  // Two rows × four inputs p: eight sums over j at once.
  if (n4 > 0) {
    for (; i + 2 <= rows; i += 2) {
      const da = i * n, db = da + n;
      const ia = i * k, ib = ia + k;
      for (let p = 0; p < k4; p += 4) {
        const w0 = wo + p * n, w1 = w0 + n, w2 = w1 + n, w3 = w2 + n;
        let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (let j = 0; j < n4; j += 4) {
          const ga = v(d, da + j), gb = v(d, db + j);
          const u0 = v(th, w0 + j), u1 = v(th, w1 + j), u2 = v(th, w2 + j), u3 = v(th, w3 + j);
          a0 = add(a0, mul(ga, u0)); a1 = add(a1, mul(ga, u1)); a2 = add(a2, mul(ga, u2)); a3 = add(a3, mul(ga, u3));
          b0 = add(b0, mul(gb, u0)); b1 = add(b1, mul(gb, u1)); b2 = add(b2, mul(gb, u2)); b3 = add(b3, mul(gb, u3));
        }
        let sa0 = hsum(a0), sa1 = hsum(a1), sa2 = hsum(a2), sa3 = hsum(a3);
        let sb0 = hsum(b0), sb1 = hsum(b1), sb2 = hsum(b2), sb3 = hsum(b3);
        for (let j = n4; j < n; j++) {
          const ea = f(d, da + j), eb = f(d, db + j);
          sa0 += ea * f(th, w0 + j); sa1 += ea * f(th, w1 + j); sa2 += ea * f(th, w2 + j); sa3 += ea * f(th, w3 + j);
          sb0 += eb * f(th, w0 + j); sb1 += eb * f(th, w1 + j); sb2 += eb * f(th, w2 + j); sb3 += eb * f(th, w3 + j);
        }
        emitBack4(din, ia + p, lanes(sa0, sa1, sa2, sa3), h, mask);
        emitBack4(din, ib + p, lanes(sb0, sb1, sb2, sb3), h, mask);
      }
      if (k4 < k) denseBackInputFrom(th, wo, d, i, i + 2, k, n, k4, h, mask, din);
    }
  }
  if (n == 1) {
    // One output (the logit layer): din[i,p] = 0 + d[i]·W[p] (the 0 of the empty lane sums, which
    // makes a −0 product +0, as in the general loop), four inputs p at a time.
    for (; i < rows; i++) {
      const dv = splat(d, i);
      let p = 0;
      for (; p < k4; p += 4) emitBack4(din, i * k + p, add(f32x4.splat(0), mul(dv, v(th, wo + p))), h, mask);
      if (p < k) denseBackInputFrom(th, wo, d, i, i + 1, k, n, p, h, mask, din);
    }
    return;
  }
  if (i < rows) denseBackInputFrom(th, wo, d, i, rows, k, n, 0, h, mask, din);
}

@inline function lanes(a: f32, b: f32, c: f32, e: f32): v128 {
  return f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(a), 1, b), 2, c), 3, e);
}

/** The sums of rows [r0, r1) and inputs [p0, k), one row and two inputs at a time. */
function denseBackInputFrom(th: usize, wo: i32, d: usize, r0: i32, r1: i32, k: i32, n: i32, p0: i32, h: usize, mask: usize, din: usize): void {
  const n4 = n - (n & 3);
  for (let i = r0; i < r1; i++) {
    const io = i * k;
    const dOff = i * n;
    for (let p = p0; p < k; p += 2) {
      const two = p + 1 < k;
      const q = two ? p + 1 : p;
      let a = f32x4.splat(0);
      let b = a;
      for (let j = 0; j < n4; j += 4) {
        const dv = v(d, dOff + j);
        a = add(a, mul(dv, v(th, wo + p * n + j)));
        b = add(b, mul(dv, v(th, wo + q * n + j)));
      }
      let sa = hsum(a);
      let sb = hsum(b);
      for (let j = n4; j < n; j++) {
        sa += f(d, dOff + j) * f(th, wo + p * n + j);
        sb += f(d, dOff + j) * f(th, wo + q * n + j);
      }
      emitBack(din, io + p, sa, h, mask);
      if (two) emitBack(din, io + q, sb, h, mask);
    }
  }
}

/**
 * Adam on `count` float32 parameters with FlatAdam's float64 arithmetic (src/train/adam.ts): the
 * moments are computed in float64 and stored as float32, the update divides the stored values,
 * and θ is rounded once; float64 +, ×, ÷ and √ are correctly rounded in JavaScript and here alike,
 * so the bits are the same. c1 = 1 − β1ᵗ, c2 = 1 − β2ᵗ; a1 = 1 − β1, a2 = 1 − β2 (computed by the caller).
 */
export function adam(theta: usize, grad: usize, m: usize, vv: usize, count: i32, beta1: f64, beta2: f64, a1: f64, a2: f64, lr: f64, c1: f64, c2: f64, eps: f64): void {
  // Two float64 lanes at a time (each lane's operations are the scalar ones, so the bits are too):
  // the divisions and square root dominate, and f64x2 issues them for two parameters at once.
  const b1 = f64x2.splat(beta1), b2 = f64x2.splat(beta2), w1 = f64x2.splat(a1), w2 = f64x2.splat(a2);
  const rate = f64x2.splat(lr), k1 = f64x2.splat(c1), k2 = f64x2.splat(c2), e = f64x2.splat(eps);
  let i = 0;
  for (; i + 2 <= count; i += 2) {
    const o = <usize>i << 2;
    const g = f64x2.promote_low_f32x4(v128.load64_zero(grad + o));
    const mi = f32x4.demote_f64x2_zero(f64x2.add(f64x2.mul(b1, f64x2.promote_low_f32x4(v128.load64_zero(m + o))), f64x2.mul(w1, g)));
    const vi = f32x4.demote_f64x2_zero(f64x2.add(f64x2.mul(b2, f64x2.promote_low_f32x4(v128.load64_zero(vv + o))), f64x2.mul(f64x2.mul(w2, g), g)));
    v128.store64_lane(m + o, mi, 0);
    v128.store64_lane(vv + o, vi, 0);
    const step = f64x2.div(f64x2.mul(rate, f64x2.div(f64x2.promote_low_f32x4(mi), k1)), f64x2.add(f64x2.sqrt(f64x2.div(f64x2.promote_low_f32x4(vi), k2)), e));
    const t = f64x2.promote_low_f32x4(v128.load64_zero(theta + o));
    v128.store64_lane(theta + o, f32x4.demote_f64x2_zero(f64x2.sub(t, step)), 0);
  }
  for (; i < count; i++) {
    const g = <f64>f(grad, i);
    const mi = <f32>(beta1 * <f64>f(m, i) + a1 * g);
    const vi = <f32>(beta2 * <f64>f(vv, i) + a2 * g * g);
    setf(m, i, mi);
    setf(vv, i, vi);
    setf(theta, i, <f32>(<f64>f(theta, i) - (lr * (<f64>mi / c1)) / (Math.sqrt(<f64>vi / c2) + eps)));
  }
}

/** out[i, ·] = x[idx[i], ·] and yOut[i] = y[idx[i]] for a mini-batch (idx: int32 row numbers). */
export function gatherRows(x: usize, y: usize, width: i32, idx: usize, rows: i32, out: usize, yOut: usize): void {
  const bytes = <usize>width << 2;
  for (let i = 0; i < rows; i++) {
    const r = load<i32>(idx + (<usize>i << 2));
    memory.copy(out + <usize>i * bytes, x + <usize>r * bytes, bytes);
    setf(yOut, i, f(y, r));
  }
}
