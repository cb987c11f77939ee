/**
 * The memory and passes of lock-step training in WebAssembly (assembly/dense.ts): K models of one
 * architecture trained on the same mini-batches with the same dropout masks. One instance holds the
 * training and validation rows, the batch (gathered once per step for all K) and its masks, and per
 * model its weights, gradient, Adam moments, activations and logits; nothing is copied in or out
 * during a step but the batch's row numbers and masks. Each model's passes are the single-model
 * instance's loops on its own regions, so each model's numbers are those it gets trained alone.
 * The losses are computed in the instance too (wasm-loss.ts), with their scores.
 *
 * A stack released (release()) leaves its instance to the next stack of this thread and build,
 * with the E(p) tables it holds: the tables (2 MiB each at 2¹⁷ nodes) are copied and packed once
 * per thread and build, not per stack, and stay until the thread ends, as does the memory of the
 * largest stack it held (wasm memory does not shrink). The regions a new stack uses are zeroed,
 * as in a new memory.
 */
import type { ExpectationTable, FlatLoss } from 'solh-losses/core';
import { DenseBuild, DenseExports, denseInstance, LayerShape, transposedWeights } from './dense-wasm';
import type { DropoutStream } from './dropout';
import { PROBE_ROWS, programFloats, programsOf, tablesOf, WasmLoss, wasmLosses } from './wasm-loss';

/** An instance with the tables packed at the bottom of its memory; `top` is the first byte after them. */
interface Resident {
  ex: DenseExports;
  tables: Map<ExpectationTable, number>;
  top: number;
}
const idle: Record<DenseBuild, Resident[]> = { plain: [], fma: [] };

export interface StackAdam {
  beta1: number;
  beta2: number;
  learningRate: number;
  epsilon: number;
}

export interface StackSets {
  train: { x: Float32Array; y: Float32Array; rows: number };
  validation: { x: Float32Array; y: Float32Array; rows: number };
  width: number;
  batchSize: number;
}

/** Rows of validation per forward call (bounds the activations kept for it). */
const VALIDATION_CHUNK = 1024;

export class WasmStack {
  private readonly ex: DenseExports;
  private readonly resident: Resident;
  private readonly build: DenseBuild;
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
  private readonly YV: number;
  private readonly DZV: number; // the validation loss's gradient (not used)
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
  private readonly losses: WasmLoss[];
  private rows = 0;
  private masked = false;
  private released = false;
  readonly count: number;

  /** One model per loss: model m trains on losses[m]. */
  constructor(
    private readonly layers: LayerShape[],
    parameters: number,
    losses: readonly FlatLoss[],
    private readonly sets: StackSets,
    build: DenseBuild = 'plain',
  ) {
    const count = losses.length;
    this.count = count;
    this.build = build;
    this.resident = idle[build].pop() ?? { ex: denseInstance(build), tables: new Map(), top: 16 };
    this.ex = this.resident.ex;
    this.top = this.resident.top;
    const newTables = tablesOf(losses).filter((t) => !this.resident.tables.has(t));
    for (const t of newTables) this.resident.tables.set(t, this.take(4 * t.size));
    this.resident.top = this.top;
    const bottom = this.top;
    this.last = layers.length - 1;
    this.parameters = parameters;
    const b = sets.batchSize;
    const { train, validation, width } = sets;
    const scratchRows = Math.max(b, validation.rows);
    const scratch = { p: this.take(2 * scratchRows), dh: this.take(2 * scratchRows), sums: this.take(10), probe: this.take(3 * PROBE_ROWS) };
    const programs = programsOf(losses);
    const programAt = programs.map((program) => (program ? this.take(programFloats(program)) : 0));
    this.XT = this.take(train.rows * width);
    this.YT = this.take(train.rows);
    this.XV = this.take(validation.rows * width);
    this.YV = this.take(validation.rows);
    this.DZV = this.take(validation.rows);
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
    // New tables' columns are copied above the stack's regions (or over them, before they are zeroed) and packed into place.
    const columnsEnd = bottom + 4 * Math.max(0, ...newTables.map((t) => 4 * t.size));
    const need = Math.ceil(Math.max(this.top, columnsEnd) / 65536) - this.ex.memory.buffer.byteLength / 65536;
    if (need > 0) this.ex.memory.grow(need);
    this.f32 = new Float32Array(this.ex.memory.buffer);
    this.i32 = new Int32Array(this.ex.memory.buffer);
    this.u32 = new Uint32Array(this.ex.memory.buffer);
    for (const t of newTables) {
      [t.e, t.eStep, t.de, t.deStep].forEach((column, c) => this.f32.set(column, bottom / 4 + c * t.size));
      this.ex.packTable(bottom, t.size, this.resident.tables.get(t)!);
    }
    this.f32.fill(0, bottom / 4, Math.max(this.top, columnsEnd) / 4);
    this.f32.set(train.x.subarray(0, train.rows * width), this.XT / 4);
    this.f32.set(train.y.subarray(0, train.rows), this.YT / 4);
    this.f32.set(validation.x.subarray(0, validation.rows * width), this.XV / 4);
    this.f32.set(validation.y.subarray(0, validation.rows), this.YV / 4);
    this.losses = wasmLosses(this.ex, losses, (t) => this.resident.tables.get(t)!, programs, programAt, scratch);
  }

  /** Leaves the instance, with its tables, to the next stack of this thread: this stack is not used after. */
  release(): void {
    if (this.released) throw new Error('this stack was released already');
    this.released = true;
    idle[this.build].push(this.resident);
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

  /** Model m's logits for the batch, and its loss's gradient in them (views of the batch's rows). */
  logits(m: number): Float32Array {
    return this.view(this.Z[m], this.rows);
  }
  logitGradient(m: number): Float32Array {
    return this.view(this.DZ[m], this.rows);
  }
  /** Model m's logits for every validation row (validate(m) writes them). */
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

  /** Model m's loss on the batch (after forward(m)), with its gradient in the logits into logitGradient(m). */
  batchLoss(m: number): number {
    return this.losses[m](this.Z[m], this.YB, this.rows, this.DZ[m]);
  }

  /** Model m's loss on the validation rows (after validate(m)). */
  validationLoss(m: number): number {
    return this.losses[m](this.ZV[m], this.YV, this.sets.validation.rows, this.DZV);
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
