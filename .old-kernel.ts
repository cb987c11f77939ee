/**
 * The loops of a dense layer on flat float32 arrays, for the fused training step. Matrices are
 * row-major; a layer's weights W [k × n] start at `wo` in the parameter vector and its biases at `bo`.
 * Sums are kept in JavaScript numbers (float64) and stored as float32, like TF.js's storage.
 *
 * Blocked for V8: four output columns are kept in local variables, so that each input value loaded
 * serves four multiply-adds (a plain triple loop reloads and restores its accumulator every time
 * and runs at about a third of the speed). Widths that are not multiples of 4 finish column by column.
 */

/** out[i,j] = act(b[j] + Σ_p in[i,p]·W[p,j]) · mask[i,j]; act is ReLU for hidden layers, identity otherwise. */
export function denseForward(
  th: Float32Array, wo: number, bo: number,
  inp: Float32Array, rows: number, k: number, n: number,
  out: Float32Array, relu: boolean, mask: Float32Array | undefined,
): void {
  const n4 = n - (n % 4);
  for (let i = 0; i < rows; i++) {
    const io = i * k;
    const oo = i * n;
    for (let j = 0; j < n4; j += 4) {
      let s0 = th[bo + j], s1 = th[bo + j + 1], s2 = th[bo + j + 2], s3 = th[bo + j + 3];
      let w = wo + j;
      for (let p = 0; p < k; p++, w += n) {
        const x = inp[io + p];
        s0 += x * th[w];
        s1 += x * th[w + 1];
        s2 += x * th[w + 2];
        s3 += x * th[w + 3];
      }
      if (relu) {
        // x < 0 ? 0 : x keeps NaN, as TF.js's relu does.
        s0 = s0 < 0 ? 0 : s0; s1 = s1 < 0 ? 0 : s1; s2 = s2 < 0 ? 0 : s2; s3 = s3 < 0 ? 0 : s3;
      }
      if (mask) {
        s0 *= mask[oo + j]; s1 *= mask[oo + j + 1]; s2 *= mask[oo + j + 2]; s3 *= mask[oo + j + 3];
      }
      out[oo + j] = s0; out[oo + j + 1] = s1; out[oo + j + 2] = s2; out[oo + j + 3] = s3;
    }
    for (let j = n4; j < n; j++) {
      let s = th[bo + j];
      for (let p = 0, w = wo + j; p < k; p++, w += n) s += inp[io + p] * th[w];
      if (relu && s < 0) s = 0;
      if (mask) s *= mask[oo + j];
      out[oo + j] = s;
    }
  }
}

/** grad W[p,j] = Σ_i in[i,p]·d[i,j] and grad b[j] = Σ_i d[i,j] (d: the layer's pre-activation gradient). */
export function denseGradients(
  grad: Float32Array, wo: number, bo: number,
  inp: Float32Array, d: Float32Array, rows: number, k: number, n: number,
): void {
  const n4 = n - (n % 4);
  for (let p = 0; p < k; p++) {
    for (let j = 0; j < n4; j += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let i = 0, ip = p, id = j; i < rows; i++, ip += k, id += n) {
        const x = inp[ip];
        s0 += x * d[id];
        s1 += x * d[id + 1];
        s2 += x * d[id + 2];
        s3 += x * d[id + 3];
      }
      const w = wo + p * n + j;
      grad[w] = s0; grad[w + 1] = s1; grad[w + 2] = s2; grad[w + 3] = s3;
    }
    for (let j = n4; j < n; j++) {
      let s = 0;
      for (let i = 0; i < rows; i++) s += inp[i * k + p] * d[i * n + j];
      grad[wo + p * n + j] = s;
    }
  }
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0, id = j; i < rows; i++, id += n) s += d[id];
    grad[bo + j] = s;
  }
}

/**
 * The gradient in the layer's input, then through the previous layer's ReLU and mask:
 * din[i,p] = [h[i,p] > 0] · mask[i,p] · Σ_j d[i,j]·W[p,j], with h the previous layer's output
 * (positive exactly where the ReLU passed and the mask kept).
 */
export function denseBackInput(
  th: Float32Array, wo: number,
  d: Float32Array, rows: number, k: number, n: number,
  h: Float32Array, mask: Float32Array | undefined, din: Float32Array,
): void {
  const k4 = k - (k % 4);
  for (let i = 0; i < rows; i++) {
    const io = i * k;
    const dOff = i * n;
    for (let p = 0; p < k4; p += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      const w0 = wo + p * n;
      for (let j = 0; j < n; j++) {
        const g = d[dOff + j];
        s0 += g * th[w0 + j];
        s1 += g * th[w0 + n + j];
        s2 += g * th[w0 + 2 * n + j];
        s3 += g * th[w0 + 3 * n + j];
      }
      din[io + p] = h[io + p] > 0 ? (mask ? s0 * mask[io + p] : s0) : 0;
      din[io + p + 1] = h[io + p + 1] > 0 ? (mask ? s1 * mask[io + p + 1] : s1) : 0;
      din[io + p + 2] = h[io + p + 2] > 0 ? (mask ? s2 * mask[io + p + 2] : s2) : 0;
      din[io + p + 3] = h[io + p + 3] > 0 ? (mask ? s3 * mask[io + p + 3] : s3) : 0;
    }
    for (let p = k4; p < k; p++) {
      let s = 0;
      for (let j = 0, w = wo + p * n; j < n; j++) s += d[dOff + j] * th[w + j];
      din[io + p] = h[io + p] > 0 ? (mask ? s * mask[io + p] : s) : 0;
    }
  }
}
