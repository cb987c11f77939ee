// AssemblyScript: the dense-layer loops of src/model/dense-js.ts with WebAssembly SIMD (f32x4).
// Same contracts, on byte addresses in this module's memory; sums are float32 lanes (the JS loops
// sum in float64), which the gradient-parity tests hold within 1e-5 of TF.js.
// Built by `npm run build` (asc --enable simd) into dist/src/model/dense.wasm, with the flat losses
// of loss.ts and the scores of score.ts, so that a lock-step training step does not leave the
// module (but for a loss with no WebAssembly form).

export { bceLoss, scoreLossTable, scoreLossLinear, packTable } from './loss';
export { binaryScoreLoss } from './score';

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
/**
 * acc + x·w: a mul then an add (two roundings) in the default build; one fused multiply-add
 * (f32x4.relaxed_madd, one rounding where the engine has FMA) in the relaxed-SIMD build
 * (dist/src/model/dense-fma.wasm, asc --enable relaxed-simd), which training.fma selects.
 */
@inline function madd(x: v128, w: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(x, w, acc);
  return add(acc, mul(x, w));
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
  if (n == 1) {
    const i = denseForwardColumn(th, wo, bo, inp, rows, k, out, relu, mask);
    if (i < rows) denseForwardFrom(th, wo, bo, inp, i, rows, k, n, 0, out, relu, mask);
    return;
  }
  const n8 = n - (n & 7);
  const ns = <usize>n << 2, ks = <usize>k << 2, ks2 = ks << 1, ks3 = ks2 + ks;
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const i0 = i * k;
    const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    for (let j = 0; j < n8; j += 8) {
      let a0 = v(th, bo + j), a1 = v(th, bo + j + 4);
      let b0 = a0, b1 = a1, c0 = a0, c1 = a1, d0 = a0, d1 = a1;
      // Byte pointers with constant offsets: index arithmetic competes with the vector ops for ports.
      const xe = inp + (<usize>(i0 + k) << 2);
      for (let xp = inp + (<usize>i0 << 2), wp = th + (<usize>(wo + j) << 2); xp < xe; xp += 4, wp += ns) {
        const w0 = v128.load(wp), w1 = v128.load(wp, 16);
        const x0 = v128.load32_splat(xp), x1 = v128.load32_splat(xp + ks), x2 = v128.load32_splat(xp + ks2), x3 = v128.load32_splat(xp + ks3);
        a0 = madd(x0, w0, a0); a1 = madd(x0, w1, a1);
        b0 = madd(x1, w0, b0); b1 = madd(x1, w1, b1);
        c0 = madd(x2, w0, c0); c1 = madd(x2, w1, c1);
        d0 = madd(x3, w0, d0); d1 = madd(x3, w1, d1);
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

/** Lanes 0‥3 of rows r0‥r3 as rows 0‥3 of the transposed 4 × 4 block (the vector of lane 0, …). */
@inline function t0(r0: v128, r1: v128, r2: v128, r3: v128): v128 {
  return v128.shuffle<f32>(v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), v128.shuffle<f32>(r2, r3, 0, 4, 1, 5), 0, 1, 4, 5);
}
@inline function t1(r0: v128, r1: v128, r2: v128, r3: v128): v128 {
  return v128.shuffle<f32>(v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), v128.shuffle<f32>(r2, r3, 0, 4, 1, 5), 2, 3, 6, 7);
}
@inline function t2(r0: v128, r1: v128, r2: v128, r3: v128): v128 {
  return v128.shuffle<f32>(v128.shuffle<f32>(r0, r1, 2, 6, 3, 7), v128.shuffle<f32>(r2, r3, 2, 6, 3, 7), 0, 1, 4, 5);
}
@inline function t3(r0: v128, r1: v128, r2: v128, r3: v128): v128 {
  return v128.shuffle<f32>(v128.shuffle<f32>(r0, r1, 2, 6, 3, 7), v128.shuffle<f32>(r2, r3, 2, 6, 3, 7), 2, 3, 6, 7);
}
/** Inputs p‥p+3 of four rows (o: row 0's p, rows k apart) added in that order to the rows' lanes. */
@inline function rowsStep4(acc: v128, inp: usize, o: i32, k: i32, w0: v128, w1: v128, w2: v128, w3: v128): v128 {
  const r0 = v(inp, o), r1 = v(inp, o + k), r2 = v(inp, o + 2 * k), r3 = v(inp, o + 3 * k);
  acc = madd(t0(r0, r1, r2, r3), w0, acc);
  acc = madd(t1(r0, r1, r2, r3), w1, acc);
  acc = madd(t2(r0, r1, r2, r3), w2, acc);
  return madd(t3(r0, r1, r2, r3), w3, acc);
}
/** Input p of four rows (o: row 0's, rows k apart) as one vector. */
@inline function rowsColumn(inp: usize, o: i32, k: i32): v128 {
  return lanes(f(inp, o), f(inp, o + k), f(inp, o + 2 * k), f(inp, o + 3 * k));
}

/**
 * One output column (the logit layer): a row's sum is b, then p = 0, 1, … in order, so the rows go
 * in the lanes (their inputs transposed 4 × 4), sixteen rows at a time; returns the first row not done.
 */
function denseForwardColumn(th: usize, wo: i32, bo: i32, inp: usize, rows: i32, k: i32, out: usize, relu: bool, mask: usize): i32 {
  const k4 = k - (k & 3);
  const bias = splat(th, bo);
  let i = 0;
  for (; i + 16 <= rows; i += 16) {
    let a = bias, b = bias, c = bias, e = bias;
    const o = i * k;
    for (let p = 0; p < k4; p += 4) {
      const w0 = splat(th, wo + p), w1 = splat(th, wo + p + 1), w2 = splat(th, wo + p + 2), w3 = splat(th, wo + p + 3);
      a = rowsStep4(a, inp, o + p, k, w0, w1, w2, w3);
      b = rowsStep4(b, inp, o + 4 * k + p, k, w0, w1, w2, w3);
      c = rowsStep4(c, inp, o + 8 * k + p, k, w0, w1, w2, w3);
      e = rowsStep4(e, inp, o + 12 * k + p, k, w0, w1, w2, w3);
    }
    for (let p = k4; p < k; p++) {
      const w = splat(th, wo + p);
      a = madd(rowsColumn(inp, o + p, k), w, a);
      b = madd(rowsColumn(inp, o + 4 * k + p, k), w, b);
      c = madd(rowsColumn(inp, o + 8 * k + p, k), w, c);
      e = madd(rowsColumn(inp, o + 12 * k + p, k), w, e);
    }
    emitv(out, i, a, relu, mask); emitv(out, i + 4, b, relu, mask);
    emitv(out, i + 8, c, relu, mask); emitv(out, i + 12, e, relu, mask);
  }
  return i;
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
        a = madd(splat(inp, ia + p), wv, a);
        b = madd(splat(inp, ib + p), wv, b);
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
  const ns = <usize>n << 2, ks = <usize>k << 2;
  const n8 = n - (n & 7);
  const n4 = n - (n & 3);
  const k4 = k - (k & 3);
  let p = 0;
  // Four inputs p × eight columns j.
  for (; p < k4; p += 4) {
    for (let j = 0; j < n8; j += 8) {
      let a0 = f32x4.splat(0), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, e0 = a0, e1 = a0;
      const de = d + (<usize>(rows * n + j) << 2);
      for (let dp = d + (<usize>j << 2), xp = inp + (<usize>p << 2); dp < de; dp += ns, xp += ks) {
        const d0 = v128.load(dp), d1 = v128.load(dp, 16);
        const x0 = v128.load32_splat(xp), x1 = v128.load32_splat(xp, 4), x2 = v128.load32_splat(xp, 8), x3 = v128.load32_splat(xp, 12);
        a0 = madd(x0, d0, a0); a1 = madd(x0, d1, a1);
        b0 = madd(x1, d0, b0); b1 = madd(x1, d1, b1);
        c0 = madd(x2, d0, c0); c1 = madd(x2, d1, c1);
        e0 = madd(x3, d0, e0); e1 = madd(x3, d1, e1);
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
        a = madd(splat(inp, ip), dv, a);
        b = madd(splat(inp, ip + 1), dv, b);
        c = madd(splat(inp, ip + 2), dv, c);
        e = madd(splat(inp, ip + 3), dv, e);
      }
      const w = wo + p * n + j;
      setv(grad, w, a); setv(grad, w + n, b); setv(grad, w + 2 * n, c); setv(grad, w + 3 * n, e);
    }
  }
  // The last inputs (fewer than four) together, three p × eight columns, then × four: a missing
  // input repeats the last one (the same sums again, stored to the same place).
  if (p < k) {
    const q = min(p + 1, k - 1), r = min(p + 2, k - 1);
    for (let j = 0; j < n8; j += 8) {
      let a0 = f32x4.splat(0), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0;
      for (let i = 0; i < rows; i++) {
        const d0 = v(d, i * n + j), d1 = v(d, i * n + j + 4);
        const x0 = splat(inp, i * k + p), x1 = splat(inp, i * k + q), x2 = splat(inp, i * k + r);
        a0 = madd(x0, d0, a0); a1 = madd(x0, d1, a1);
        b0 = madd(x1, d0, b0); b1 = madd(x1, d1, b1);
        c0 = madd(x2, d0, c0); c1 = madd(x2, d1, c1);
      }
      setv(grad, wo + p * n + j, a0); setv(grad, wo + p * n + j + 4, a1);
      setv(grad, wo + q * n + j, b0); setv(grad, wo + q * n + j + 4, b1);
      setv(grad, wo + r * n + j, c0); setv(grad, wo + r * n + j + 4, c1);
    }
    for (let j = n8; j < n4; j += 4) {
      let a = f32x4.splat(0), b = a, c = a;
      for (let i = 0; i < rows; i++) {
        const dv = v(d, i * n + j);
        a = madd(splat(inp, i * k + p), dv, a);
        b = madd(splat(inp, i * k + q), dv, b);
        c = madd(splat(inp, i * k + r), dv, c);
      }
      setv(grad, wo + p * n + j, a); setv(grad, wo + q * n + j, b); setv(grad, wo + r * n + j, c);
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
        a = madd(v(inp, i * k + p), dv, a);
        b = madd(v(inp, i * k + p + 4), dv, b);
      }
      storeColumn(grad, wo + p * n + j, n, a);
      storeColumn(grad, wo + (p + 4) * n + j, n, b);
    }
    for (; p < k4; p += 4) {
      let a = f32x4.splat(0);
      for (let i = 0; i < rows; i++) a = madd(v(inp, i * k + p), splat(d, i * n + j), a);
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

/**
 * din[i,p] = [h[i,p] > 0] · mask[i,p] · Σ_j d[i,j]·W[p,j]; mask 0 means none; wt: room for k·n
 * floats (W transposed, n > 1). The sum's order: four partial sums over j ≡ 0‥3 mod 4, added
 * 0 + 1 + 2 + 3, then the j left over. With W transposed, the inputs p go in the lanes and each
 * partial sum is a vector of its own, so the four sums of eight inputs p run at once.
 */
export function denseBackInput(th: usize, wo: i32, d: usize, rows: i32, k: i32, n: i32, h: usize, mask: usize, din: usize, wt: usize): void {
  const n4 = n - (n & 3);
  const k4 = k - (k & 3);
  const k8 = k - (k & 7);
  let i = 0;
  if (n4 > 0 && k4 > 0) {
    const ks = <usize>k << 2, ks2 = ks << 1, ks3 = ks2 + ks, ks4 = ks << 2;
    transpose(th + (<usize>wo << 2), k, n, wt);
    for (; i < rows; i++) {
      const dOff = i * n;
      const io = i * k;
      let p = 0;
      for (; p < k8; p += 8) {
        let a0 = f32x4.splat(0), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, e0 = a0, e1 = a0;
        const de = d + (<usize>(dOff + n4) << 2);
        for (let dp = d + (<usize>dOff << 2), tp = wt + (<usize>p << 2); dp < de; dp += 16, tp += ks4) {
          const s0 = v128.load32_splat(dp), s1 = v128.load32_splat(dp, 4), s2 = v128.load32_splat(dp, 8), s3 = v128.load32_splat(dp, 12);
          const t1 = tp + ks, t2 = tp + ks2, t3 = tp + ks3;
          a0 = madd(s0, v128.load(tp), a0); a1 = madd(s0, v128.load(tp, 16), a1);
          b0 = madd(s1, v128.load(t1), b0); b1 = madd(s1, v128.load(t1, 16), b1);
          c0 = madd(s2, v128.load(t2), c0); c1 = madd(s2, v128.load(t2, 16), c1);
          e0 = madd(s3, v128.load(t3), e0); e1 = madd(s3, v128.load(t3, 16), e1);
        }
        let r0 = add(add(add(a0, b0), c0), e0);
        let r1 = add(add(add(a1, b1), c1), e1);
        for (let j = n4; j < n; j++) {
          const s = splat(d, dOff + j);
          r0 = madd(s, v(wt, j * k + p), r0);
          r1 = madd(s, v(wt, j * k + p + 4), r1);
        }
        emitBack4(din, io + p, r0, h, mask);
        emitBack4(din, io + p + 4, r1, h, mask);
      }
      for (; p < k4; p += 4) {
        let a = f32x4.splat(0), b = a, c = a, e = a;
        for (let j = 0; j < n4; j += 4) {
          const t = j * k + p;
          a = madd(splat(d, dOff + j), v(wt, t), a);
          b = madd(splat(d, dOff + j + 1), v(wt, t + k), b);
          c = madd(splat(d, dOff + j + 2), v(wt, t + 2 * k), c);
          e = madd(splat(d, dOff + j + 3), v(wt, t + 3 * k), e);
        }
        let r = add(add(add(a, b), c), e);
        for (let j = n4; j < n; j++) r = madd(splat(d, dOff + j), v(wt, j * k + p), r);
        emitBack4(din, io + p, r, h, mask);
      }
      if (k4 < k) denseBackInputFrom(th, wo, d, i, i + 1, k, n, k4, h, mask, din);
    }
    return;
  }
  if (n == 1) {
    // One output (the logit layer): din[i,p] = 0 + d[i]·W[p] (the 0 of the empty lane sums, which
    // makes a −0 product +0, as in the general loop), four inputs p at a time.
    for (; i < rows; i++) {
      const dv = splat(d, i);
      let p = 0;
      for (; p < k4; p += 4) emitBack4(din, i * k + p, madd(dv, v(th, wo + p), f32x4.splat(0)), h, mask);
      if (p < k) denseBackInputFrom(th, wo, d, i, i + 1, k, n, p, h, mask, din);
    }
    return;
  }
  if (i < rows) denseBackInputFrom(th, wo, d, i, rows, k, n, 0, h, mask, din);
}

/** wt[j·k + p] = W[p·n + j] for the k × n matrix W at byte address w: 4 × 4 blocks, then the edges. */
function transpose(w: usize, k: i32, n: i32, wt: usize): void {
  const k4 = k - (k & 3), n4 = n - (n & 3);
  const ns = <usize>n << 2, ks = <usize>k << 2;
  for (let p = 0; p < k4; p += 4) {
    const src = w + <usize>p * ns;
    for (let j = 0; j < n4; j += 4) {
      const a = src + (<usize>j << 2);
      const r0 = v128.load(a), r1 = v128.load(a + ns), r2 = v128.load(a + 2 * ns), r3 = v128.load(a + 3 * ns);
      const o = wt + <usize>j * ks + (<usize>p << 2);
      v128.store(o, t0(r0, r1, r2, r3));
      v128.store(o + ks, t1(r0, r1, r2, r3));
      v128.store(o + 2 * ks, t2(r0, r1, r2, r3));
      v128.store(o + 3 * ks, t3(r0, r1, r2, r3));
    }
    for (let j = n4; j < n; j++) for (let q = p; q < p + 4; q++) setf(wt, j * k + q, f(w, q * n + j));
  }
  for (let p = k4; p < k; p++) for (let j = 0; j < n; j++) setf(wt, j * k + p, f(w, p * n + j));
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
        a = madd(dv, v(th, wo + p * n + j), a);
        b = madd(dv, v(th, wo + q * n + j), b);
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
  // 1 − β1ᵗ is exactly 1 once β1ᵗ ≤ 2⁻⁵⁴ (after ~350 steps at β1 = 0.9), and x / 1 is x in IEEE
  // arithmetic: that division is then left out, with the same bits (a loop of its own: as a
  // select, both sides would be computed).
  const i = c1 == 1.0 ? adamPairs(theta, grad, m, vv, count, beta1, beta2, a1, a2, lr, c1, c2, eps, false) : adamPairs(theta, grad, m, vv, count, beta1, beta2, a1, a2, lr, c1, c2, eps, true);
  for (let j = i; j < count; j++) {
    const g = <f64>f(grad, j);
    const mi = <f32>(beta1 * <f64>f(m, j) + a1 * g);
    const vi = <f32>(beta2 * <f64>f(vv, j) + a2 * g * g);
    setf(m, j, mi);
    setf(vv, j, vi);
    setf(theta, j, <f32>(<f64>f(theta, j) - (lr * (<f64>mi / c1)) / (Math.sqrt(<f64>vi / c2) + eps)));
  }
}

/**
 * Adam on parameters 0‥count (rounded down to even), two float64 lanes at a time (each lane's
 * operations are the scalar ones, so the bits are too): the divisions and the square root
 * dominate, and f64x2 issues them for two parameters at once. Returns the first parameter not done.
 */
@inline function adamPairs(theta: usize, grad: usize, m: usize, vv: usize, count: i32, beta1: f64, beta2: f64, a1: f64, a2: f64, lr: f64, c1: f64, c2: f64, eps: f64, divide1: bool): i32 {
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
    let m1 = f64x2.promote_low_f32x4(mi);
    if (divide1) m1 = f64x2.div(m1, k1);
    const step = f64x2.div(f64x2.mul(rate, m1), f64x2.add(f64x2.sqrt(f64x2.div(f64x2.promote_low_f32x4(vi), k2)), e));
    const t = f64x2.promote_low_f32x4(v128.load64_zero(theta + o));
    v128.store64_lane(theta + o, f32x4.demote_f64x2_zero(f64x2.sub(t, step)), 0);
  }
  return i;
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

/**
 * A dropout mask of `units` values from its raw draws (src/model/dropout.ts): at rate 0.5 (half)
 * unit u is kept when bit u mod 32 of draw ⌊u/32⌋ is set, else when its own draw (unsigned) is
 * below threshold; a kept unit is `scale`, a dropped one +0 (the bits of bit·scale and of the
 * literal 0 in JavaScript). Half: a draw's 32 units as eight vectors of a lane mask.
 */
export function expandMask(words: usize, units: i32, half: bool, threshold: u64, scale: f32, out: usize): void {
  const keep = f32x4.splat(scale);
  let u = 0;
  if (half) {
    const first = i32x4(1, 2, 4, 8);
    for (; u + 32 <= units; u += 32) {
      const w = i32x4.splat(load<i32>(words + (<usize>u >> 3)));
      let bit = first;
      for (let g = 0; g < 8; g++) {
        v128.store(out + (<usize>(u + 4 * g) << 2), v128.and(keep, v128.not(i32x4.eq(v128.and(w, bit), i32x4.splat(0)))));
        bit = i32x4.shl(bit, 4);
      }
    }
    for (; u < units; u++) {
      const bitSet = (load<u32>(words + (<usize>(u >> 5) << 2)) >>> (<u32>u & 31)) & 1;
      setf(out, u, bitSet ? scale : 0);
    }
    return;
  }
  for (; u < units; u++) setf(out, u, <u64>load<u32>(words + (<usize>u << 2)) < threshold ? scale : 0);
}
