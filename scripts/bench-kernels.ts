/**
 * Benchmark: each WebAssembly export of the fused step alone (assembly/dense.ts), on the paper
 * MLP's layers (23-32-16-1, batch 64, the real layout of its weights) with all data in one small
 * memory (so in cache): CPU µs per call, the median of `--repeats` timings of 20,000 calls, and
 * GFLOP/s (2 FLOP per multiply-add). Adam is timed with 1 − β1ᵗ below 1 and equal to 1 (the loop
 * that leaves that division out). The losses of assembly/loss.ts are timed on the batch's logits
 * (a score loss over the 2¹⁷-node table of solh:uniform, whose lookups then stay in cache), and
 * the scoring of four counts by the score's program beside the same in JavaScript.
 *
 *   npm run build && node dist/scripts/bench-kernels.js [--repeats 9] [--build plain|fma]
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { arg, cpuMs, median } from './cli-args';
import { packageRoot } from '../src/experiment/package-info';
import { loadConfig } from '../src/experiment/config';
import { createModel } from '../src/model/model';
import { DenseBuild, denseInstance, transposedWeights } from '../src/model/dense-wasm';
import { dualArith, dualCounts, makeLoss, parseLoss, parseScore, scoreProgram } from 'solh-losses';
import type { FlatLoss } from 'solh-losses/core';
import { programFloats } from '../src/model/wasm-loss';

setFlagsFromString('--experimental-wasm-relaxed-simd');
const repeats = Number(arg('repeats', '9'));
const build = arg('build', 'plain') as DenseBuild;

const c = loadConfig(join(packageRoot(), 'configs/paper.json'));
const model = createModel(23, c.model, 0);
const { layers, parameters } = model.lockstep!;
const ex = denseInstance(build);
const rows = c.training.batchSize;
const widest = Math.max(...layers.map((L) => Math.max(L.k, L.n)));
let top = 16;
const take = (floats: number) => {
  const at = top;
  top += Math.ceil((4 * floats) / 16) * 16;
  return at;
};
const [TH, GR, MO, VE] = [0, 1, 2, 3].map(() => take(parameters));
const [IN, OUT, D, H, MASK, DIN] = [0, 1, 2, 3, 4, 5].map(() => take(rows * widest));
const WT = take(transposedWeights(layers));
const scoreForm = (loss: FlatLoss) => {
  if (loss.form?.kind !== 'score' || loss.form.fill.kind !== 'table') throw new Error('a score loss over a table was expected');
  const program = scoreProgram(loss.form.score);
  return { table: loss.form.fill.table, score: loss.form.score, program, at: take(programFloats(program)) };
};
const f1 = scoreForm(makeLoss(parseLoss('solh:uniform'), parseScore('f1')).flat);
const mcc = scoreForm(makeLoss(parseLoss('solh:uniform'), parseScore('mcc')).flat);
const [LABELS, P, DH, SUMS] = [take(rows), take(2 * rows), take(2 * rows), take(10)];
const TABLE = take(4 * f1.table.size);
const need = Math.ceil(top / 65536) - ex.memory.buffer.byteLength / 65536;
if (need > 0) ex.memory.grow(need);
const f32 = new Float32Array(ex.memory.buffer);
for (let i = 4; i < top / 4; i++) f32[i] = 0.5 * Math.sin(i); // values of both signs (ReLU passes about half)
f32.set(model.theta, TH / 4);
for (let i = 0; i < rows; i++) f32[LABELS / 4 + i] = i % 3 === 0 ? 1 : 0;
[f1.table.e, f1.table.eStep, f1.table.de, f1.table.deStep].forEach((column, c) => column.forEach((x, i) => (f32[TABLE / 4 + 4 * i + c] = x)));
for (const s of [f1, mcc]) new Float64Array(ex.memory.buffer, s.at, s.program.code.length).set(s.program.code);

function time(f: () => void): number {
  const calls = 20_000;
  for (let i = 0; i < calls; i++) f();
  const t: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = cpuMs();
    for (let i = 0; i < calls; i++) f();
    t.push(((cpuMs() - t0) * 1000) / calls);
  }
  return median(t);
}

const last = layers.length - 1;
const cases: [string, () => void, number][] = [];
layers.forEach((L, l) => {
  const shape = `${L.k}×${L.n}`;
  cases.push([`forward, layer ${l + 1} (${shape})`, () => ex.denseForward(TH, L.wo, L.bo, IN, rows, L.k, L.n, OUT, l < last ? 1 : 0, l < last ? MASK : 0), rows * L.k * L.n]);
});
layers.forEach((L, l) => cases.push([`weight gradient, layer ${l + 1} (${L.k}×${L.n})`, () => ex.denseGradients(GR, L.wo, L.bo, IN, D, rows, L.k, L.n), rows * L.k * L.n]));
layers.forEach((L, l) => {
  if (l > 0) cases.push([`input gradient, layer ${l + 1} (${L.k}×${L.n})`, () => ex.denseBackInput(TH, L.wo, D, rows, L.k, L.n, H, MASK, DIN, WT), rows * L.k * L.n]);
});
const { beta1, beta2, learningRate, epsilon } = c.training;
cases.push([`Adam, ${parameters} parameters, 1 − β1ᵗ < 1`, () => ex.adam(TH + 0, GR, MO, VE, parameters, beta1, beta2, 1 - beta1, 1 - beta2, learningRate, 0.5, 0.01, epsilon), 0]);
cases.push([`Adam, ${parameters} parameters, 1 − β1ᵗ = 1`, () => ex.adam(TH + 0, GR, MO, VE, parameters, beta1, beta2, 1 - beta1, 1 - beta2, learningRate, 1, 0.01, epsilon), 0]);

cases.push([`BCE on ${rows} logits, value and gradient`, () => ex.bceLoss(OUT, LABELS, rows, DIN), 0]);
for (const [name, s] of [['F1', f1], ['MCC', mcc]] as const) {
  const { instructions, result, best } = s.program;
  cases.push([`${name} loss on ${rows} logits from the table`, () => ex.scoreLossTable(OUT, LABELS, rows, TABLE, s.table.size, P, DH, SUMS, s.at, instructions, result, best, DIN), 0]);
  cases.push([`${name} of the counts, its program`, () => ex.binaryScoreLoss(s.at, instructions, result, best, 20.5, 5.25, 22, rows, SUMS), 0]);
  cases.push([`${name} of the counts, dual numbers in JavaScript`, () => s.score.compute(dualCounts({ tp: 20.5, fn: 1.5, fp: 5.25, tn: 36.75 }), dualArith), 0]);
}

console.log(`Node.js ${process.versions.node}, ${build} build, batch ${rows}; median of ${repeats} timings of 20,000 calls (CPU time)`);
for (const [name, f, multiplyAdds] of cases) {
  const us = time(f);
  console.log(`${name.padEnd(46)} ${us.toFixed(2).padStart(6)} µs${multiplyAdds ? `  ${((2 * multiplyAdds) / us / 1000).toFixed(1)} GFLOP/s` : ''}`);
}
