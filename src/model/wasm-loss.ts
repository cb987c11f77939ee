/**
 * Flat losses computed in the lock-step WebAssembly instance (assembly/loss.ts), where a loss's
 * form allows it: binary cross-entropy, and the binary score losses over an E(p) table or at a
 * point mass with the linear step. Their float64 operations are those of the JavaScript losses
 * in the same order, with V8's exp and log1p, so the loss and its gradient are the same bits
 * (test/model/wasm-loss.test.ts); only the score of the four summed counts is computed in
 * JavaScript, by the loss's own tally (the scores registry). Any other loss is called as it is.
 */
import { ExpectationTable, FlatLoss, linearPieces } from 'solh-losses/core';
import type { DenseExports } from './dense-wasm';

/** A loss on regions of the instance's memory: logits z, labels y (float32, `rows`), its gradient into grad; returns the loss. */
export type WasmLoss = (z: number, y: number, rows: number, grad: number) => number;

/** Whether a flat loss is computed in WebAssembly (else it is called, on views of the memory). */
export function inWasm(loss: FlatLoss): boolean {
  const form = loss.form;
  return form !== undefined && (form.kind === 'bce' || form.fill.kind === 'table' || form.fill.step.form.kind === 'linear');
}

/** The E(p) tables the losses read in WebAssembly, once each. */
export function tablesOf(losses: readonly FlatLoss[]): ExpectationTable[] {
  const tables = new Set<ExpectationTable>();
  for (const loss of losses) if (loss.form?.kind === 'score' && loss.form.fill.kind === 'table') tables.add(loss.form.fill.table);
  return [...tables];
}

/** Where a loss's working arrays are: p and dE/dp (float64, one per row), and its three sums (float64). */
export interface LossScratch {
  p: number;
  dh: number;
  sums: number;
}

/**
 * Each loss's kernel, in an instance whose memory holds the tables of tablesOf(losses) at
 * tableAt(table) (packed by packTable) and the scratch regions.
 */
export function wasmLosses(ex: DenseExports, losses: readonly FlatLoss[], tableAt: (t: ExpectationTable) => number, scratch: LossScratch): WasmLoss[] {
  const { p: P, dh: DH, sums: SUMS } = scratch;
  const f32 = new Float32Array(ex.memory.buffer);
  const sums = new Float64Array(ex.memory.buffer, SUMS, 3);
  const g = new Float64Array(2);
  return losses.map((loss): WasmLoss => {
    const form = loss.form;
    if (form && inWasm(loss)) {
      if (form.kind === 'bce') return (z, y, rows, grad) => ex.bceLoss(z, y, rows, grad);
      const { fill, tally } = form;
      const scored = (y: number, rows: number, grad: number) => {
        const value = tally(sums[0], sums[1], sums[2], rows, g);
        ex.scoreGradient(y, rows, P, DH, g[0], g[1], grad);
        return value;
      };
      if (fill.kind === 'table') {
        const at = tableAt(fill.table);
        const nodes = fill.table.size;
        return (z, y, rows, grad) => {
          ex.scoreTalliesTable(z, y, rows, at, nodes, P, DH, SUMS);
          return scored(y, rows, grad);
        };
      }
      const { tau0 } = fill;
      const { delta } = fill.step.form as { delta: number };
      const { lo, hi, m1, m2, m3 } = linearPieces(tau0, delta);
      return (z, y, rows, grad) => {
        ex.scoreTalliesLinear(z, y, rows, tau0, delta, lo, hi, m1, m2, m3, P, DH, SUMS);
        return scored(y, rows, grad);
      };
    }
    return (z, y, rows, grad) => loss(f32.subarray(y / 4, y / 4 + rows), f32.subarray(z / 4, z / 4 + rows), f32.subarray(grad / 4, grad / 4 + rows));
  });
}
