/**
 * Seeded dropout masks, drawn in JavaScript so that they depend on the seed only (not on the
 * backend or the training kernel): both kernels train with the masks of one stream.
 *
 * A mask is row-major [rows × width] of 0 or 1/keep (inverted dropout). Draws are 32-bit integers
 * from xoshiro128** seeded by seedrandom('dropout:<seed>') (ARC4, seedrandom's default, costs about
 * 40× more per 32 bits and made mask drawing a visible part of the step): at rate 0.5 one draw
 * gives the keep bits of 32 units; at other rates a unit is kept when its draw is below keep·2³².
 * A new mask on every call (tf.layers.dropout with a seed repeats one mask, which is not dropout).
 */
import seedrandom from 'seedrandom';

/** xoshiro128** seeded from a text through seedrandom (the all-zero state, a fixed point, is avoided). */
function seededXoshiro(seedText: string): () => number {
  const init = seedrandom(seedText);
  const s: [number, number, number, number] = [init.int32(), init.int32(), init.int32(), init.int32()];
  if (s.every((v) => v === 0)) s[0] = 1;
  return xoshiro128ss(s);
}

/**
 * xoshiro128** (Blackman & Vigna): uniform uint32 draws from a 128-bit state. The state lives in
 * an Int32Array: as closure variables, values above 2³⁰ are boxed and every draw allocated.
 */
export function xoshiro128ss(state: [number, number, number, number]): () => number {
  const s = Int32Array.from(state);
  return () => {
    const r = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return r;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * The masks of one mini-batch, one per masked layer; undefined when there is no dropout. The
 * arrays are reused by the next call (allocating typed arrays per step costs more than drawing them).
 */
export type DropoutStream = ((rows: number) => Float32Array[] | undefined) & { readonly draws?: MaskDraws };

/**
 * The same stream's raw 32-bit draws, for masks expanded elsewhere (assembly/dense.ts expandMask):
 * a call takes the draws of one mini-batch's masks, layer after layer, from the one generator
 * the masks come from, so calls of either form may follow each other. Rate 0.5: the keep bits of
 * 32 units per draw (bit b of draw i: unit 32·i + b); else one draw per unit, kept below `threshold`.
 */
export interface MaskDraws {
  readonly half: boolean;
  readonly threshold: number;
  readonly scale: number;
  /** Draws for layer l's mask of `rows` rows. */
  count(rows: number, l: number): number;
  /** Writes them for every layer, layer l's from offsets[l] on. */
  take(rows: number, out: Uint32Array, offsets: number[]): void;
}

export function dropoutStream(widths: number[], rate: number, seed: number): DropoutStream {
  if (rate === 0) return () => undefined;
  const next = seededXoshiro(`dropout:${seed}`);
  const keep = 1 - rate;
  const scale = Math.fround(1 / keep);
  const threshold = Math.min(2 ** 32, Math.round(keep * 2 ** 32));
  const half = rate === 0.5;
  const fill = half ? fillHalf : fillThreshold(threshold);
  const buffers = widths.map(() => new Float32Array(0));
  const views = new Map<number, Float32Array[]>();
  const count = (rows: number, l: number) => (half ? Math.ceil((rows * widths[l]) / 32) : rows * widths[l]);
  const draws: MaskDraws = {
    half,
    threshold,
    scale,
    count,
    take(rows, out, offsets) {
      widths.forEach((_, l) => {
        for (let i = offsets[l], end = i + count(rows, l); i < end; i++) out[i] = next();
      });
    },
  };
  return Object.assign((rows: number) => {
    let masks = views.get(rows);
    if (!masks) {
      widths.forEach((w, l) => {
        if (buffers[l].length < rows * w) {
          buffers[l] = new Float32Array(rows * w);
          views.clear(); // views of a replaced buffer are stale
        }
      });
      masks = widths.map((w, l) => buffers[l].subarray(0, rows * w));
      views.set(rows, masks);
    }
    for (const m of masks) fill(m, scale, next);
    return masks;
  }, { draws });
}

function fillHalf(m: Float32Array, scale: number, next: () => number): void {
  for (let i = 0; i < m.length; i += 32) {
    const bits = next();
    const end = Math.min(32, m.length - i);
    // Multiplying by the bit, not branching on it: random bits defeat branch prediction (3× slower).
    for (let b = 0; b < end; b++) m[i + b] = ((bits >>> b) & 1) * scale;
  }
}

function fillThreshold(threshold: number): (m: Float32Array, scale: number, next: () => number) => void {
  return (m, scale, next) => {
    for (let i = 0; i < m.length; i++) m[i] = next() < threshold ? scale : 0;
  };
}
