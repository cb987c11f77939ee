/**
 * The memory and passes of lock-step training in WebAssembly (assembly/dense.ts): K models of one
 * architecture trained on the same mini-batches with the same dropout masks. One instance holds the
 * training and validation rows, the batch (gathered once per step for all K) and its masks, and per
 * model its weights, gradient, Adam moments, activations and logits; nothing is copied in or out
 * during a step but the batch's row numbers and masks. Each model's passes are the single-model
 * instance's loops on its own regions, so each model's numbers are those it gets trained alone.
 */
import { DenseBuild, denseInstance, LayerShape, transposedWeights } from './dense-wasm';
import type { DropoutStream } from './dropout';

export interface StackAdam {
  beta1: number;
  beta2: number;
  learningRate: number;
  epsilon: number;
}

export interface StackSets {
  train: { x: Float32Array; y: Float32Array; rows: number };
  validation: { x: Float32Array; rows: number };
  width: number;
  batchSize: number;
}

/** Rows of validation per forward call (bounds the activations kept for it). */
const VALIDATION_CHUNK = 1024;

export class WasmStack {
  private readonly ex: ReturnType<typeof denseInstance>;
  private readonly last: number;
  private readonly parameters: number;
  private f32!: Float32Array;
  private i32!: Int32Array;
  private u32!: Uint32Array;
  private top = 16;
  // Shared regions (byte addresses).
  private readonly XT: number;
  private readonly YT: number;
  private readonly XV: number;
  private readonly IDX: number;
  private readonly XB: number;
  private readonly YB: number;
  private readonly WT: number; // scratch: a weight matrix transposed (denseBackInput)
  private readonly masks: number[] = [];
  private readonly WORDS: number; // the masks' raw draws (one per unit at most)
  private readonly wordAt: number[] = []; // where each mask's draws start, in 32-bit words
  private readonly vacts: number[] = []; // validation activations, shared by the models (one at a time)
  // Per model.
  private readonly TH: number[] = [];
  private readonly GR: number[] = [];
  private readonly MO: number[] = [];
  private readonly VE: number[] = [];
  private readonly acts: number[][] = [];
  private readonly gins: number[][] = [];
  private readonly Z: number[] = [];
  private readonly DZ: number[] = [];
  private readonly ZV: number[] = [];
  private rows = 0;
  private masked = false;

  constructor(
    private readonly layers: LayerShape[],
    parameters: number,
    readonly count: number,
    private readonly sets: StackSets,
    build: DenseBuild = 'plain',
  ) {
    this.ex = denseInstance(build);
    this.last = layers.length - 1;
    this.parameters = parameters;
    const b = sets.batchSize;
    const { train, validation, width } = sets;
    this.XT = this.take(train.rows * width);
    this.YT = this.take(train.rows);
    this.XV = this.take(validation.rows * width);
    this.IDX = this.take(b);
    this.XB = this.take(b * width);
    this.YB = this.take(b);
    this.WT = this.take(transposedWeights(layers));
    const vrows = Math.min(VALIDATION_CHUNK, validation.rows);
    for (let l = 0; l < this.last; l++) this.masks[l] = this.take(b * layers[l].n);
    this.WORDS = this.take(b * layers.slice(0, this.last).reduce((s, L) => s + L.n, 0));
    for (let l = 0, at = this.WORDS / 4; l < this.last; at += b * layers[l].n, l++) this.wordAt[l] = at;
    for (let l = 1; l <= this.last; l++) this.vacts[l] = this.take(vrows * layers[l].k);
    for (let m = 0; m < count; m++) {
      this.TH[m] = this.take(parameters);
      this.GR[m] = this.take(parameters);
      this.MO[m] = this.take(parameters);
      this.VE[m] = this.take(parameters);
      this.acts[m] = [this.XB];
      this.gins[m] = [0];
      for (let l = 1; l <= this.last; l++) {
        this.acts[m][l] = this.take(b * layers[l].k);
        this.gins[m][l] = this.take(b * layers[l].k);
      }
      this.Z[m] = this.take(b);
      this.DZ[m] = this.take(b);
      this.ZV[m] = this.take(validation.rows);
    }
    const need = Math.ceil(this.top / 65536) - this.ex.memory.buffer.byteLength / 65536;
    if (need > 0) this.ex.memory.grow(need);
    this.f32 = new Float32Array(this.ex.memory.buffer);
    this.i32 = new Int32Array(this.ex.memory.buffer);
    this.u32 = new Uint32Array(this.ex.memory.buffer);
    this.f32.set(train.x.subarray(0, train.rows * width), this.XT / 4);
    this.f32.set(train.y.subarray(0, train.rows), this.YT / 4);
    this.f32.set(validation.x.subarray(0, validation.rows * width), this.XV / 4);
  }

  /** A region of `floats` float32 values, 16-byte aligned; 0 is never handed out (it means "no mask"). */
  private take(floats: number): number {
    const at = this.top;
    this.top += Math.ceil((4 * floats) / 16) * 16;
    return at;
  }

  private view(at: number, floats: number): Float32Array {
    return this.f32.subarray(at / 4, at / 4 + floats);
  }

  /** Model m's weights, in the wasm memory (read and written in place). */
  theta(m: number): Float32Array {
    return this.view(this.TH[m], this.parameters);
  }

  /**
   * Views of the regions a step reads, by batch length (the memory never grows after the
   * constructor, so a view stays valid): made once, not per model and step.
   */
  private readonly batchViews = new Map<number, { labels: Float32Array; logits: Float32Array[]; gradients: Float32Array[] }>();
  private viewsOf(rows: number) {
    let v = this.batchViews.get(rows);
    if (!v) {
      v = { labels: this.view(this.YB, rows), logits: this.Z.map((z) => this.view(z, rows)), gradients: this.DZ.map((d) => this.view(d, rows)) };
      this.batchViews.set(rows, v);
    }
    return v;
  }

  /** The batch's labels, model m's logits and the place for its gradient in them (length: the batch's rows). */
  batchLabels(): Float32Array {
    return this.viewsOf(this.rows).labels;
  }
  logits(m: number): Float32Array {
    return this.viewsOf(this.rows).logits[m];
  }
  logitGradient(m: number): Float32Array {
    return this.viewsOf(this.rows).gradients[m];
  }
  validationLogits(m: number): Float32Array {
    return this.view(this.ZV[m], this.sets.validation.rows);
  }

  /** Gathers the batch's rows and labels, and takes its masks (shared by every model). */
  setBatch(idx: Int32Array, masks: Float32Array[] | undefined): void {
    const rows = idx.length;
    this.rows = rows;
    this.i32.set(idx, this.IDX / 4);
    this.ex.gatherRows(this.XT, this.YT, this.sets.width, this.IDX, rows, this.XB, this.YB);
    this.masked = masks !== undefined;
    if (masks) masks.forEach((mask, l) => this.f32.set(mask.subarray(0, rows * this.layers[l].n), this.masks[l] / 4));
  }

  /**
   * The same, with the batch's masks drawn from the stream: as raw draws written into wasm memory
   * and expanded there (expandMask) when the stream offers them, the same masks either way.
   */
  setBatchFrom(idx: Int32Array, dropout: DropoutStream): void {
    const draws = dropout.draws;
    if (!draws) {
      this.setBatch(idx, dropout(idx.length));
      return;
    }
    this.setBatch(idx, undefined);
    const rows = idx.length;
    draws.take(rows, this.u32, this.wordAt);
    const threshold = BigInt(draws.threshold);
    for (let l = 0; l < this.last; l++) this.ex.expandMask(4 * this.wordAt[l], rows * this.layers[l].n, draws.half ? 1 : 0, threshold, draws.scale, this.masks[l]);
    this.masked = true;
  }

  /** Model m's logits for the batch, with the batch's masks. */
  forward(m: number): void {
    const { ex, layers, last, rows } = this;
    const acts = this.acts[m];
    for (let l = 0; l <= last; l++) {
      const L = layers[l];
      const out = l === last ? this.Z[m] : acts[l + 1];
      ex.denseForward(this.TH[m], L.wo, L.bo, acts[l], rows, L.k, L.n, out, l < last ? 1 : 0, l < last && this.masked ? this.masks[l] : 0);
    }
  }

  /** Model m's gradient from its logit gradient (logitGradient(m)), then one Adam step with bias corrections c1, c2. */
  backwardAdam(m: number, a: StackAdam, c1: number, c2: number): void {
    const { ex, layers, last, rows } = this;
    const acts = this.acts[m];
    const TH = this.TH[m];
    const GR = this.GR[m];
    let d = this.DZ[m];
    for (let l = last; l >= 0; l--) {
      const L = layers[l];
      ex.denseGradients(GR, L.wo, L.bo, acts[l], d, rows, L.k, L.n);
      if (l > 0) {
        const g = this.gins[m][l];
        ex.denseBackInput(TH, L.wo, d, rows, L.k, L.n, acts[l], this.masked ? this.masks[l - 1] : 0, g, this.WT);
        d = g;
      }
    }
    ex.adam(TH, GR, this.MO[m], this.VE[m], this.parameters, a.beta1, a.beta2, 1 - a.beta1, 1 - a.beta2, a.learningRate, c1, c2, a.epsilon);
  }

  /** Model m's logits for every validation row, without dropout, into validationLogits(m). */
  validate(m: number): void {
    const { ex, layers, last } = this;
    const { rows: total } = this.sets.validation;
    const width = this.sets.width;
    for (let start = 0; start < total; start += VALIDATION_CHUNK) {
      const rows = Math.min(VALIDATION_CHUNK, total - start);
      for (let l = 0; l <= last; l++) {
        const L = layers[l];
        const input = l === 0 ? this.XV + 4 * start * width : this.vacts[l];
        const out = l === last ? this.ZV[m] + 4 * start : this.vacts[l + 1];
        ex.denseForward(this.TH[m], L.wo, L.bo, input, rows, L.k, L.n, out, l < last ? 1 : 0, 0);
      }
    }
  }
}
