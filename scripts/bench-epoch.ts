/**
 * Benchmark: per-epoch training time of the fused step against the tfjs training kernel (same run of
 * this script, same backend, data, batches and masks), for every loss of the paper grid; the
 * throughput the fused step reaches (GFLOP/s, counting 2 FLOP per multiply-add of the forward
 * and backward passes); how the time grows with rows (synthetic data of ACTG 175's width); and
 * whether tensors leak across epochs. Medians over repeats; kernels and losses round-robin.
 *
 *   node dist/scripts/bench-epoch.js [--backend wasm|cpu] [--epochs 8] [--repeats 3] [--rows 2000,20000,200000] [--step-only yes]
 */
import * as tf from '@tensorflow/tfjs';
import { arg, median } from './cli-args';
import seedrandom from 'seedrandom';
import { join } from 'node:path';
import { selectBackend } from '../src/engine/backend';
import { loadConfig } from '../src/experiment/config';
import { prepareData } from '../src/experiment/prepare';
import { packageRoot } from '../src/experiment/package-info';
import { createModel, DenseLoops } from '../src/model/model';
import { makeLoss, parseLoss } from 'solh-losses';
import { parseScore } from 'solh-losses';
import { train, Examples } from '../src/train/train';
import type { TrainingKernel } from '../src/train/kernels';
import { FlatAdam } from '../src/train/adam';

const c = loadConfig(join(packageRoot(), 'configs/paper.json'));

/** Milliseconds per epoch of `epochs` epochs (early stopping off), and tensors alive after each epoch. */
function epochTimes(kernel: TrainingKernel, spec: string, trainSet: Examples, validation: Examples, epochs: number, seed: number): { ms: number[]; tensors: number[] } {
  const loss = makeLoss(parseLoss(spec, c.loss.delta), parseScore('f1'), c.loss.kernel, c.loss.tableBits);
  const model = createModel(trainSet.width, c.model, seed);
  const ms: number[] = [];
  const tensors: number[] = [];
  let last = performance.now();
  train(model, loss, trainSet, validation, { ...c.training, kernel, maxEpochs: epochs, patience: epochs + 1, seed }, () => {
    const now = performance.now();
    ms.push(now - last);
    last = now;
    tensors.push(tf.memory().numTensors);
  });
  loss.dispose();
  return { ms: ms.slice(1), tensors }; // the first epoch warms up
}

function synthetic(rows: number, width: number, seed: number): Examples {
  const rng = seedrandom(`synthetic:${seed}`);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const w = Array.from({ length: width }, gauss);
  const x = new Float32Array(rows * width);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = -1;
    for (let j = 0; j < width; j++) s += w[j] * (x[i * width + j] = gauss()) * 0.3;
    y[i] = rng() < 1 / (1 + Math.exp(-s)) ? 1 : 0;
  }
  return { x, y, rows, width };
}

/** FLOP of one epoch: forward + backward of every training row, forward of every validation row. */
function epochFlop(trainRows: number, validationRows: number, width: number): number {
  const widths = [width, ...c.model.hidden, 1];
  let forward = 0;
  for (let l = 0; l + 1 < widths.length; l++) forward += widths[l] * widths[l + 1];
  const passes = createModel(width, c.model, 0).flatPasses();
  return 2 * (trainRows * passes.multiplyAddsPerExample + validationRows * forward);
}

/**
 * The fused step alone (forward with masks, BCE, backward, Adam) on one batch of the paper's
 * shape, repeated: ms per step and GFLOP/s, the figure to set against a plain loop's.
 */
function fusedStep(width: number, steps: number, loops: DenseLoops): { msPerStep: number; gflops: number } {
  const model = createModel(width, c.model, 0);
  const passes = model.flatPasses(loops);
  const b = c.training.batchSize;
  const rng = seedrandom('step');
  const x = Float32Array.from({ length: b * width }, () => rng() * 2 - 1);
  const y = Float32Array.from({ length: b }, () => (rng() < 0.3 ? 1 : 0));
  const z = new Float32Array(b);
  const dz = new Float32Array(b);
  const grad = new Float32Array(model.theta.length);
  const adam = new FlatAdam(model.theta.length, c.training);
  const masks = model.dropout(b);
  const loss = makeLoss(parseLoss('bce'), parseScore('f1'));
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    passes.forward(model.theta, x, b, masks, z);
    loss.flat(y, z, dz);
    passes.backward(model.theta, dz, grad);
    adam.step(model.theta, grad);
  }
  const ms = (performance.now() - t0) / steps;
  return { msPerStep: ms, gflops: (2 * b * passes.multiplyAddsPerExample) / ms / 1e6 };
}

async function main() {
  const backend = await selectBackend(arg('backend', 'auto'));
  const epochs = Number(arg('epochs', '8'));
  const repeats = Number(arg('repeats', '3'));
  const data = prepareData(c, 0);
  const kernels: TrainingKernel[] = ['fused', 'fused-js', 'tfjs'];
  // The fused step alone, both loop kinds interleaved.
  for (const loops of ['simd', 'js'] as const) fusedStep(data.width, 2000, loops); // warm up
  const step = { simd: [] as { msPerStep: number; gflops: number }[], js: [] as { msPerStep: number; gflops: number }[] };
  for (let r = 0; r < 15; r++) for (const loops of ['simd', 'js'] as const) step[loops].push(fusedStep(data.width, 300, loops));
  for (const loops of ['simd', 'js'] as const) {
    console.log(`fused step alone (${loops} loops; forward with masks, BCE, backward, Adam; batch ${c.training.batchSize}): ${median(step[loops].map((s) => s.msPerStep * 1000)).toFixed(1)} µs per step, ${median(step[loops].map((s) => s.gflops)).toFixed(2)} GFLOP/s (median of 15 × 300 steps)`);
  }
  if (arg('step-only', 'no') === 'yes') return;
  console.log(`backend ${backend}; ACTG 175 train ${data.train.rows} rows, validation ${data.validation.rows}, batch ${c.training.batchSize}, hidden ${c.model.hidden.join('-')}; ${epochs - 1} timed epochs × ${repeats} repeats`);
  const times = new Map<string, number[]>();
  const tensorCounts = new Map<string, Set<number>>();
  for (let r = 0; r < repeats; r++) {
    for (const spec of c.grid.losses) {
      for (const kernel of kernels) {
        const key = `${kernel} ${spec}`;
        const t = epochTimes(kernel, spec, data.train, data.validation, epochs, r + 1);
        times.set(key, [...(times.get(key) ?? []), ...t.ms]);
        tensorCounts.set(key, new Set([...(tensorCounts.get(key) ?? []), ...t.tensors]));
      }
    }
  }
  const flop = epochFlop(data.train.rows, data.validation.rows, data.width);
  console.log('\n| loss | fused ms/epoch | fused-js ms/epoch | tfjs ms/epoch | fused ÷ tfjs | fused-js ÷ tfjs | fused GFLOP/s | tensors after each epoch (fused; fused-js; tfjs) |\n|---|---|---|---|---|---|---|---|');
  const ratios: number[] = [];
  const jsRatios: number[] = [];
  const rates: number[] = [];
  for (const spec of c.grid.losses) {
    const [f, j, t] = kernels.map((k) => median(times.get(`${k} ${spec}`)!));
    ratios.push(f / t);
    jsRatios.push(j / t);
    rates.push(flop / f / 1e6);
    const counts = kernels.map((k) => [...tensorCounts.get(`${k} ${spec}`)!].join(', ')).join('; ');
    console.log(`| ${spec} | ${f.toFixed(2)} | ${j.toFixed(2)} | ${t.toFixed(1)} | ${(f / t).toFixed(3)} | ${(j / t).toFixed(3)} | ${(flop / f / 1e6).toFixed(2)} | ${counts} |`);
  }
  console.log(`\nmedian over losses: fused ÷ tfjs ${median(ratios).toFixed(3)}, fused-js ÷ tfjs ${median(jsRatios).toFixed(3)}; a whole fused epoch (loss, shuffling, validation included) ${median(rates).toFixed(2)} GFLOP/s (${(flop / 1e6).toFixed(2)} MFLOP per epoch)`);
  const rowsList = arg('rows', '2000,20000,200000').split(',').map(Number);
  console.log('\n| rows | kernel | loss | median ms/epoch | µs per row |\n|---|---|---|---|---|');
  for (const rows of rowsList) {
    const t = synthetic(rows, data.width, 1);
    const v = synthetic(Math.max(100, Math.round(rows / 4)), data.width, 2);
    for (const kernel of kernels) {
      const ep = rows >= 100000 ? 3 : epochs;
      for (const spec of ['bce', 'solh:cosine(0.5,0.3)']) {
        const m = median(epochTimes(kernel, spec, t, v, ep, 1).ms);
        console.log(`| ${rows} | ${kernel} | ${spec} | ${m.toFixed(1)} | ${((1000 * m) / rows).toFixed(3)} |`);
      }
    }
  }
  console.log(`\npeak resident memory of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}

void main();
