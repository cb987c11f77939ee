/**
 * Flat losses computed in the lock-step WebAssembly instance (assembly/loss.ts), where a loss's
 * form allows it: binary cross-entropy, and the binary score losses over an E(p) table or at a
 * point mass with the linear step. Their float64 operations are those of the JavaScript losses
 * in the same order, with V8's exp and log1p, so the loss and its gradient are the same bits
 * (test/model/wasm-loss.test.ts; a NaN gradient may differ in its sign bit, assembly/score.ts). The score of the four summed counts is its program
 * (score-program.ts), recorded from the scores registry. Any other loss is called as it is.
 *
 * The bits match where V8's own exp and log1p are fdlibm's without fused multiply-adds (as on
 * x64); a V8 built otherwise could differ in a last bit. So each stack first computes BCE, whose
 * exp and log1p cover the arguments every loss here uses, on PROBE_ROWS logits from 10⁻³ to 10³
 * of both signs, and where a bit differs from the JavaScript loss, every loss is called as it is.
 */
import { ExpectationTable, flatBce, FlatLoss, linearPieces, ScoreProgram, scoreProgram } from 'solh-losses/core';
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

/** Each score loss's program where the loss is computed in WebAssembly (undefined for the others). */
export function programsOf(losses: readonly FlatLoss[]): (ScoreProgram | undefined)[] {
  return losses.map((loss) => (loss.form?.kind === 'score' && inWasm(loss) ? scoreProgram(loss.form.score) : undefined));
}

/** The memory a program needs, in float32 units: its code, then its slots (scoreProgram), all float64. */
export function programFloats(program: ScoreProgram): number {
  return 2 * (4 * program.instructions + 5 * (4 + program.instructions));
}

/** Where a loss's working arrays are: p and dE/dp (float64, one per row), its five sums (float64), and the probe's logits, labels and gradient (float32, PROBE_ROWS each). */
export interface LossScratch {
  p: number;
  dh: number;
  sums: number;
  probe: number;
}

export const PROBE_ROWS = 64;

/** Whether BCE in the instance gives the JavaScript bits, value and gradient, on logits ±10⁻³‥10³ (see above). */
function agreesWithJavaScript(ex: DenseExports, at: number): boolean {
  const z = Float32Array.from({ length: PROBE_ROWS }, (_, i) => (i % 2 ? -1 : 1) * 10 ** (-3 + (6 * i) / (PROBE_ROWS - 1)));
  const y = Float32Array.from({ length: PROBE_ROWS }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const f32 = new Float32Array(ex.memory.buffer, at, 3 * PROBE_ROWS);
  f32.set(z);
  f32.set(y, PROBE_ROWS);
  const value = ex.bceLoss(at, at + 4 * PROBE_ROWS, PROBE_ROWS, at + 8 * PROBE_ROWS);
  const grad = new Float32Array(PROBE_ROWS);
  if (!Object.is(value, flatBce(y, z, grad))) return false;
  return grad.every((g, i) => Object.is(g, f32[2 * PROBE_ROWS + i]));
}

/**
 * Each loss's kernel, in an instance whose memory holds the tables of tablesOf(losses) at
 * tableAt(table) (packed by packTable), the scratch regions, and room for each program of
 * programsOf(losses) at programAt[m] (programFloats), into which its code is written here.
 */
export function wasmLosses(ex: DenseExports, losses: readonly FlatLoss[], tableAt: (t: ExpectationTable) => number, programs: readonly (ScoreProgram | undefined)[], programAt: readonly number[], scratch: LossScratch): WasmLoss[] {
  const { p: P, dh: DH, sums: SUMS } = scratch;
  const agrees = agreesWithJavaScript(ex, scratch.probe);
  const f32 = new Float32Array(ex.memory.buffer);
  return losses.map((loss, m): WasmLoss => {
    const form = loss.form;
    if (form && agrees && inWasm(loss)) {
      if (form.kind === 'bce') return (z, y, rows, grad) => ex.bceLoss(z, y, rows, grad);
      const { code, instructions, result, best } = programs[m]!;
      const at = programAt[m];
      new Float64Array(ex.memory.buffer, at, code.length).set(code);
      const { fill } = form;
      if (fill.kind === 'table') {
        const table = tableAt(fill.table);
        const nodes = fill.table.size;
        return (z, y, rows, grad) => ex.scoreLossTable(z, y, rows, table, nodes, P, DH, SUMS, at, instructions, result, best, grad);
      }
      const { tau0 } = fill;
      const { delta } = fill.step.form as { delta: number };
      const { lo, hi, m1, m2, m3 } = linearPieces(tau0, delta);
      return (z, y, rows, grad) => ex.scoreLossLinear(z, y, rows, tau0, delta, lo, hi, m1, m2, m3, P, DH, SUMS, at, instructions, result, best, grad);
    }
    return (z, y, rows, grad) => loss(f32.subarray(y / 4, y / 4 + rows), f32.subarray(z / 4, z / 4 + rows), f32.subarray(grad / 4, grad / 4 + rows));
  });
}
