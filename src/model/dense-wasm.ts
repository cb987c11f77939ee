/**
 * The MLP's fused forward and backward in WebAssembly SIMD (assembly/dense.ts, compiled by
 * AssemblyScript at build time into dense.wasm beside this file; dense-fma.wasm is the same source
 * with relaxed-SIMD fused multiply-adds, for training.fma "on"). Each instance has its own
 * instance and memory; the caller's arrays are copied in and out per call (a few thousand floats
 * a step, microseconds, against a step of ~0.1 ms), so the FlatPasses contract is unchanged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SolhError } from '../errors';

export interface DenseExports {
  memory: WebAssembly.Memory;
  denseForward(th: number, wo: number, bo: number, inp: number, rows: number, k: number, n: number, out: number, relu: number, mask: number): void;
  denseGradients(grad: number, wo: number, bo: number, inp: number, d: number, rows: number, k: number, n: number): void;
  denseBackInput(th: number, wo: number, d: number, rows: number, k: number, n: number, h: number, mask: number, din: number, wt: number): void;
  adam(theta: number, grad: number, m: number, v: number, count: number, beta1: number, beta2: number, a1: number, a2: number, lr: number, c1: number, c2: number, eps: number): void;
  gatherRows(x: number, y: number, width: number, idx: number, rows: number, out: number, yOut: number): void;
  expandMask(words: number, units: number, half: number, threshold: bigint, scale: number, out: number): void;
  bceLoss(z: number, y: number, m: number, grad: number): number;
  scoreLossTable(z: number, y: number, m: number, table: number, n: number, p: number, dh: number, sums: number, program: number, instructions: number, result: number, best: number, grad: number): number;
  scoreLossLinear(z: number, y: number, m: number, tau: number, delta: number, lo: number, hi: number, m1: number, m2: number, m3: number, p: number, dh: number, sums: number, program: number, instructions: number, result: number, best: number, grad: number): number;
  binaryScoreLoss(program: number, instructions: number, result: number, best: number, tp: number, fp: number, positives: number, rows: number, g: number): number;
  packTable(columns: number, n: number, out: number): void;
}

/** The two builds of assembly/dense.ts: f32x4 mul then add, or f32x4.relaxed_madd (one rounding where the CPU has FMA). */
export const DENSE_BUILDS = { plain: 'dense.wasm', fma: 'dense-fma.wasm' } as const;
export type DenseBuild = keyof typeof DENSE_BUILDS;

/** One module with one f32x4.relaxed_madd: (func (result v128) (f32x4.relaxed_madd (v128.const 0) ×3)). */
const RELAXED_PROBE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // types: () -> v128
  0x03, 0x02, 0x01, 0x00, // one function of type 0
  0x0a, 0x3d, 0x01, 0x3b, 0x00, // code: one body of 59 bytes, no locals
  ...[0, 1, 2].flatMap(() => [0xfd, 0x0c, ...new Array<number>(16).fill(0)]), // v128.const 0, three times
  0xfd, 0x85, 0x02, 0x0b, // f32x4.relaxed_madd (0xfd 0x105), end
]);

/** Whether this runtime compiles WebAssembly relaxed SIMD (Node.js 20: only with --experimental-wasm-relaxed-simd). */
export function hasRelaxedSimd(): boolean {
  return WebAssembly.validate(RELAXED_PROBE);
}

/** Fails with how to enable relaxed SIMD when a setting asks for it and this runtime lacks it. */
export function requireRelaxedSimd(setting: string): void {
  if (!hasRelaxedSimd()) {
    throw new SolhError(`${setting} needs WebAssembly relaxed SIMD, which Node.js ${process.versions.node} has only behind a flag: run node with --experimental-wasm-relaxed-simd (e.g. node --experimental-wasm-relaxed-simd node_modules/.bin/solh run ...), or set training.fma to "off"`);
  }
}

const compiled: Partial<Record<DenseBuild, WebAssembly.Module>> = {};
function denseModule(build: DenseBuild): WebAssembly.Module {
  if (!compiled[build]) {
    if (build === 'fma') requireRelaxedSimd('training.fma "on"');
    const file = join(__dirname, DENSE_BUILDS[build]);
    try {
      compiled[build] = new WebAssembly.Module(readFileSync(file));
    } catch (e) {
      throw new SolhError(`the SIMD training kernel ${file} cannot be loaded (${(e as Error).message.split('\n')[0]}): run \`npm run build\`, or set training.kernel to "fused-js"`);
    }
  }
  return compiled[build]!;
}

export interface LayerShape {
  wo: number;
  bo: number;
  k: number;
  n: number;
}

/** Room for the largest weight matrix whose transpose denseBackInput uses (layers after the first). */
export function transposedWeights(layers: LayerShape[]): number {
  return Math.max(0, ...layers.slice(1).map((L) => L.k * L.n));
}

/** A new instance of the dense loops of one build, with its own memory. */
export function denseInstance(build: DenseBuild = 'plain'): DenseExports {
  return new WebAssembly.Instance(denseModule(build), { env: { abort: () => undefined } }).exports as unknown as DenseExports;
}

/** Flat passes over the given layers (the last one is the output layer), in its own wasm memory. */
export function wasmDense(layers: LayerShape[], parameters: number, build: DenseBuild = 'plain') {
  const ex = denseInstance(build);
  const last = layers.length - 1;
  let capacity = 0;
  // Byte addresses of the regions; 0 is never used (it means "no mask" to the wasm code).
  let TH = 0, GR = 0, Z = 0, DZ = 0, WT = 0;
  const acts: number[] = []; // acts[l]: input of layer l
  const grads: number[] = []; // gradient in acts[l], l ≥ 1
  const masks: number[] = []; // dropout mask of hidden layer l (output of layer l)
  let f32 = new Float32Array(ex.memory.buffer);
  const ensure = (rows: number) => {
    if (rows <= capacity) return;
    capacity = Math.max(rows, 2 * capacity);
    let top = 16;
    const take = (floats: number) => {
      const at = top;
      top += Math.ceil((4 * floats) / 16) * 16;
      return at;
    };
    TH = take(parameters);
    GR = take(parameters);
    Z = take(capacity);
    DZ = take(capacity);
    WT = take(transposedWeights(layers));
    for (let l = 0; l <= last; l++) {
      acts[l] = take(capacity * layers[l].k);
      grads[l] = take(capacity * layers[l].k);
      if (l < last) masks[l] = take(capacity * layers[l].n);
    }
    const need = Math.ceil(top / 65536) - ex.memory.buffer.byteLength / 65536;
    if (need > 0) ex.memory.grow(need);
    f32 = new Float32Array(ex.memory.buffer);
  };
  let rows = 0;
  let masked = false;
  return {
    forward(theta: Float32Array, x: Float32Array, r: number, m: Float32Array[] | undefined, z: Float32Array): void {
      ensure(r);
      rows = r;
      masked = m !== undefined;
      f32.set(theta, TH / 4);
      f32.set(x.subarray(0, r * layers[0].k), acts[0] / 4);
      if (m) m.forEach((mask, l) => f32.set(mask.subarray(0, r * layers[l].n), masks[l] / 4));
      for (let l = 0; l <= last; l++) {
        const L = layers[l];
        const out = l === last ? Z : acts[l + 1];
        ex.denseForward(TH, L.wo, L.bo, acts[l], r, L.k, L.n, out, l < last ? 1 : 0, l < last && masked ? masks[l] : 0);
      }
      z.set(f32.subarray(Z / 4, Z / 4 + r));
    },
    backward(theta: Float32Array, dz: Float32Array, grad: Float32Array): void {
      f32.set(theta, TH / 4);
      f32.set(dz.subarray(0, rows), DZ / 4);
      let d = DZ;
      for (let l = last; l >= 0; l--) {
        const L = layers[l];
        ex.denseGradients(GR, L.wo, L.bo, acts[l], d, rows, L.k, L.n);
        if (l > 0) {
          ex.denseBackInput(TH, L.wo, d, rows, L.k, L.n, acts[l], masked ? masks[l - 1] : 0, grads[l], WT);
          d = grads[l];
        }
      }
      grad.set(f32.subarray(GR / 4, GR / 4 + parameters));
    },
  };
}
