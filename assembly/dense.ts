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

/** out[i,j] = act(b[j] + Σ_p in[i,p]·W[p,j]) · mask[i,j]; mask 0 means none. */
export function denseForward(th: usize, wo: i32, bo: i32, inp: usize, rows: i32, k: i32, n: i32, out: usize, relu: bool, mask: usize): void {
  const zero = f32x4.splat(0);
  const n4 = n - (n & 3);
  for (let i = 0; i < rows; i += 2) {
    const two = i + 1 < rows;
    const ia = i * k;
    const ib = two ? ia + k : ia;
    const oa = i * n;
    const ob = oa + n;
    for (let j = 0; j < n4; j += 4) {
      let a = v(th, bo + j);
      let b = a;
      for (let p = 0, w = wo + j; p < k; p++, w += n) {
        const wv = v(th, w);
        a = f32x4.add(a, f32x4.mul(f32x4.splat(f(inp, ia + p)), wv));
        b = f32x4.add(b, f32x4.mul(f32x4.splat(f(inp, ib + p)), wv));
      }
      if (relu) {
        a = f32x4.pmax(a, zero); // pmax(a, 0) = a < 0 ? 0 : a: keeps NaN
        b = f32x4.pmax(b, zero);
      }
      if (mask) {
        a = f32x4.mul(a, v(mask, oa + j));
        if (two) b = f32x4.mul(b, v(mask, ob + j));
      }
      setv(out, oa + j, a);
      if (two) setv(out, ob + j, b);
    }
    for (let j = n4; j < n; j++) {
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
  const n4 = n - (n & 3);
  for (let p = 0; p < k; p += 2) {
    const two = p + 1 < k;
    const q = two ? p + 1 : p;
    for (let j = 0; j < n4; j += 4) {
      let a = f32x4.splat(0);
      let b = a;
      for (let i = 0; i < rows; i++) {
        const dv = v(d, i * n + j);
        a = f32x4.add(a, f32x4.mul(f32x4.splat(f(inp, i * k + p)), dv));
        b = f32x4.add(b, f32x4.mul(f32x4.splat(f(inp, i * k + q)), dv));
      }
      setv(grad, wo + p * n + j, a);
      if (two) setv(grad, wo + q * n + j, b);
    }
  }
  // Columns left over (all of them for the output layer, n = 1): four inputs p at a time.
  const k4 = k - (k & 3);
  for (let j = n4; j < n; j++) {
    for (let p = 0; p < k4; p += 4) {
      let a = f32x4.splat(0);
      for (let i = 0; i < rows; i++) a = f32x4.add(a, f32x4.mul(v(inp, i * k + p), f32x4.splat(f(d, i * n + j))));
      setf(grad, wo + p * n + j, f32x4.extract_lane(a, 0));
      setf(grad, wo + (p + 1) * n + j, f32x4.extract_lane(a, 1));
      setf(grad, wo + (p + 2) * n + j, f32x4.extract_lane(a, 2));
      setf(grad, wo + (p + 3) * n + j, f32x4.extract_lane(a, 3));
    }
    for (let p = k4; p < k; p++) {
      let a: f32 = 0;
      for (let i = 0; i < rows; i++) a += f(inp, i * k + p) * f(d, i * n + j);
      setf(grad, wo + p * n + j, a);
    }
  }
  for (let j = 0; j < n4; j += 4) {
    let a = f32x4.splat(0);
    for (let i = 0; i < rows; i++) a = f32x4.add(a, v(d, i * n + j));
    setv(grad, bo + j, a);
  }
  for (let j = n4; j < n; j++) {
    let a: f32 = 0;
    for (let i = 0; i < rows; i++) a += f(d, i * n + j);
    setf(grad, bo + j, a);
  }
}

/** din[i,p] = [h[i,p] > 0] · mask[i,p] · Σ_j d[i,j]·W[p,j]; mask 0 means none. */
export function denseBackInput(th: usize, wo: i32, d: usize, rows: i32, k: i32, n: i32, h: usize, mask: usize, din: usize): void {
  const n4 = n - (n & 3);
  for (let i = 0; i < rows; i++) {
    const io = i * k;
    const dOff = i * n;
    for (let p = 0; p < k; p += 2) {
      const two = p + 1 < k;
      const q = two ? p + 1 : p;
      let a = f32x4.splat(0);
      let b = a;
      for (let j = 0; j < n4; j += 4) {
        const dv = v(d, dOff + j);
        a = f32x4.add(a, f32x4.mul(dv, v(th, wo + p * n + j)));
        b = f32x4.add(b, f32x4.mul(dv, v(th, wo + q * n + j)));
      }
      let sa = hsum(a);
      let sb = hsum(b);
      for (let j = n4; j < n; j++) {
        sa += f(d, dOff + j) * f(th, wo + p * n + j);
        sb += f(d, dOff + j) * f(th, wo + q * n + j);
      }
      setf(din, io + p, f(h, io + p) > 0 ? (mask ? sa * f(mask, io + p) : sa) : 0);
      if (two) setf(din, io + q, f(h, io + q) > 0 ? (mask ? sb * f(mask, io + q) : sb) : 0);
    }
  }
}
