/**
 * The loops of a dense layer on flat float32 arrays, for the fused training step. Matrices are
 * row-major; a layer's weights W [k × n] start at `wo` in the parameter vector and its biases at `bo`.
 * Sums are kept in JavaScript numbers (float64) and stored as float32, like TF.js's storage.
 *
 * Blocked for V8: a 2 × 4 block of outputs is kept in eight local variables, so that each value
 * loaded serves two or four multiply-adds (a plain triple loop reloads and restores its accumulator
 * every time and runs at about a third of the speed; one row × four columns reaches about two
 * thirds of this). Odd rows and widths that are not multiples of 4 finish with narrower loops.
 */

/** The activation and dropout of one output: ReLU (x < 0 ? 0 : x keeps NaN, as TF.js's does), then the mask. */
function emit(out: Float32Array, o: number, s: number, relu: boolean, mask: Float32Array | undefined): void {
  const a = relu && s < 0 ? 0 : s;
  out[o] = mask ? a * mask[o] : a;
}

/** out[i,j] = act(b[j] + Σ_p in[i,p]·W[p,j]) · mask[i,j]; act is ReLU for hidden layers, identity otherwise. */
export function denseForward(
  th: Float32Array, wo: number, bo: number,
  inp: Float32Array, rows: number, k: number, n: number,
  out: Float32Array, relu: boolean, mask: Float32Array | undefined,
): void {
  const n4 = n - (n % 4);
  let i = 0;
  for (; i + 2 <= rows; i += 2) {
    const ia = i * k;
    const ib = ia + k;
    const oa = i * n;
    const ob = oa + n;
    for (let j = 0; j < n4; j += 4) {
      let a0 = th[bo + j], a1 = th[bo + j + 1], a2 = th[bo + j + 2], a3 = th[bo + j + 3];
      let b0 = a0, b1 = a1, b2 = a2, b3 = a3;
      for (let p = 0, w = wo + j; p < k; p++, w += n) {
        const x = inp[ia + p];
        const y = inp[ib + p];
        const w0 = th[w], w1 = th[w + 1], w2 = th[w + 2], w3 = th[w + 3];
        a0 += x * w0; a1 += x * w1; a2 += x * w2; a3 += x * w3;
        b0 += y * w0; b1 += y * w1; b2 += y * w2; b3 += y * w3;
      }
      emit(out, oa + j, a0, relu, mask); emit(out, oa + j + 1, a1, relu, mask);
      emit(out, oa + j + 2, a2, relu, mask); emit(out, oa + j + 3, a3, relu, mask);
      emit(out, ob + j, b0, relu, mask); emit(out, ob + j + 1, b1, relu, mask);
      emit(out, ob + j + 2, b2, relu, mask); emit(out, ob + j + 3, b3, relu, mask);
    }
    for (let j = n4; j < n; j++) {
      let a = th[bo + j];
      let b = a;
      for (let p = 0, w = wo + j; p < k; p++, w += n) {
        a += inp[ia + p] * th[w];
        b += inp[ib + p] * th[w];
      }
      emit(out, oa + j, a, relu, mask);
      emit(out, ob + j, b, relu, mask);
    }
  }
  if (i < rows) {
    const ia = i * k;
    const oa = i * n;
    for (let j = 0; j < n; j++) {
      let a = th[bo + j];
      for (let p = 0, w = wo + j; p < k; p++, w += n) a += inp[ia + p] * th[w];
      emit(out, oa + j, a, relu, mask);
    }
  }
}

/** grad W[p,j] = Σ_i in[i,p]·d[i,j] and grad b[j] = Σ_i d[i,j] (d: the layer's pre-activation gradient). */
export function denseGradients(
  grad: Float32Array, wo: number, bo: number,
  inp: Float32Array, d: Float32Array, rows: number, k: number, n: number,
): void {
  const n4 = n - (n % 4);
  let p = 0;
  for (; p + 2 <= k; p += 2) {
    for (let j = 0; j < n4; j += 4) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
      for (let i = 0, ip = p, id = j; i < rows; i++, ip += k, id += n) {
        const x = inp[ip];
        const y = inp[ip + 1];
        const d0 = d[id], d1 = d[id + 1], d2 = d[id + 2], d3 = d[id + 3];
        a0 += x * d0; a1 += x * d1; a2 += x * d2; a3 += x * d3;
        b0 += y * d0; b1 += y * d1; b2 += y * d2; b3 += y * d3;
      }
      const w = wo + p * n + j;
      grad[w] = a0; grad[w + 1] = a1; grad[w + 2] = a2; grad[w + 3] = a3;
      grad[w + n] = b0; grad[w + n + 1] = b1; grad[w + n + 2] = b2; grad[w + n + 3] = b3;
    }
    for (let j = n4; j < n; j++) {
      let a = 0;
      let b = 0;
      for (let i = 0, ip = p, id = j; i < rows; i++, ip += k, id += n) {
        a += inp[ip] * d[id];
        b += inp[ip + 1] * d[id];
      }
      grad[wo + p * n + j] = a;
      grad[wo + (p + 1) * n + j] = b;
    }
  }
  if (p < k) {
    for (let j = 0; j < n; j++) {
      let a = 0;
      for (let i = 0, ip = p, id = j; i < rows; i++, ip += k, id += n) a += inp[ip] * d[id];
      grad[wo + p * n + j] = a;
    }
  }
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0, id = j; i < rows; i++, id += n) s += d[id];
    grad[bo + j] = s;
  }
}

/** din = s where the previous layer's output h passed (h > 0: the ReLU was positive and the mask kept), times the mask. */
function emitBack(din: Float32Array, o: number, s: number, h: Float32Array, mask: Float32Array | undefined): void {
  din[o] = h[o] > 0 ? (mask ? s * mask[o] : s) : 0;
}

/**
 * The gradient in the layer's input, then through the previous layer's ReLU and mask:
 * din[i,p] = [h[i,p] > 0] · mask[i,p] · Σ_j d[i,j]·W[p,j], with h the previous layer's output.
 */
export function denseBackInput(
  th: Float32Array, wo: number,
  d: Float32Array, rows: number, k: number, n: number,
  h: Float32Array, mask: Float32Array | undefined, din: Float32Array,
): void {
  const k4 = k - (k % 4);
  let i = 0;
  for (; i + 2 <= rows; i += 2) {
    const ia = i * k;
    const ib = ia + k;
    const da = i * n;
    const db = da + n;
    for (let p = 0; p < k4; p += 4) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
      for (let j = 0, w = wo + p * n; j < n; j++, w++) {
        const g = d[da + j];
        const e = d[db + j];
        const w0 = th[w], w1 = th[w + n], w2 = th[w + 2 * n], w3 = th[w + 3 * n];
        a0 += g * w0; a1 += g * w1; a2 += g * w2; a3 += g * w3;
        b0 += e * w0; b1 += e * w1; b2 += e * w2; b3 += e * w3;
      }
      emitBack(din, ia + p, a0, h, mask); emitBack(din, ia + p + 1, a1, h, mask);
      emitBack(din, ia + p + 2, a2, h, mask); emitBack(din, ia + p + 3, a3, h, mask);
      emitBack(din, ib + p, b0, h, mask); emitBack(din, ib + p + 1, b1, h, mask);
      emitBack(din, ib + p + 2, b2, h, mask); emitBack(din, ib + p + 3, b3, h, mask);
    }
    for (let p = k4; p < k; p++) {
      let a = 0;
      let b = 0;
      for (let j = 0, w = wo + p * n; j < n; j++, w++) {
        a += d[da + j] * th[w];
        b += d[db + j] * th[w];
      }
      emitBack(din, ia + p, a, h, mask);
      emitBack(din, ib + p, b, h, mask);
    }
  }
  if (i < rows) {
    const ia = i * k;
    const da = i * n;
    for (let p = 0; p < k; p++) {
      let a = 0;
      for (let j = 0, w = wo + p * n; j < n; j++, w++) a += d[da + j] * th[w];
      emitBack(din, ia + p, a, h, mask);
    }
  }
}
