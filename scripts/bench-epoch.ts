/**
 * Benchmark: per-epoch training time of every loss of the paper grid against BCE's (same backend,
 * batch size and data), how the time grows with rows (synthetic data of ACTG 175's width), and
 * whether tensors leak across epochs. Medians over repeats; losses measured round-robin.
 *
 *   node dist/scripts/bench-epoch.js [--backend wasm|cpu] [--epochs 8] [--repeats 3] [--rows 2000,20000,200000]
 */
import * as tf from '@tensorflow/tfjs';
import { arg, median } from './cli-args';
import seedrandom from 'seedrandom';
import { join } from 'node:path';
import { selectBackend } from '../src/engine/backend';
import { loadConfig } from '../src/experiment/config';
import { prepareData } from '../src/experiment/prepare';
import { packageRoot } from '../src/experiment/package-info';
import { createMlp } from '../src/model/mlp';
import { makeLoss, parseLoss } from '../src/losses/loss';
import { parseScore } from '../src/losses/scores';
import { train, Examples } from '../src/train/train';


/** Milliseconds per epoch of `epochs` epochs (early stopping off), and tensors alive after each epoch. */
function epochTimes(spec: string, trainSet: Examples, validation: Examples, epochs: number, seed: number): { ms: number[]; tensors: number[] } {
  const c = loadConfig(join(packageRoot(), 'configs/paper.json'));
  const loss = makeLoss(parseLoss(spec, c.loss.delta), parseScore('f1'));
  const model = createMlp(trainSet.x.shape[1], c.model.hidden, seed, c.model.init);
  const ms: number[] = [];
  const tensors: number[] = [];
  let last = performance.now();
  train(model, loss.fn, trainSet, validation, { ...c.training, maxEpochs: epochs, patience: epochs + 1, dropout: c.model.dropout, hidden: c.model.hidden, seed }, () => {
    const now = performance.now();
    ms.push(now - last);
    last = now;
    tensors.push(tf.memory().numTensors);
  });
  model.dispose();
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
  return { x: tf.tensor2d(x, [rows, width]), y: tf.tensor1d(y) };
}

async function main() {
  const backend = await selectBackend(arg('backend', 'auto'));
  const epochs = Number(arg('epochs', '8'));
  const repeats = Number(arg('repeats', '3'));
  const c = loadConfig(join(packageRoot(), 'configs/paper.json'));
  const data = prepareData(c, 0);
  console.log(`backend ${backend}; ACTG 175 train ${data.train.y.shape[0]} rows, batch ${c.training.batchSize}; ${epochs - 1} timed epochs × ${repeats} repeats`);
  console.log('\n| loss | median ms/epoch | ratio to BCE | tensors after each epoch |\n|---|---|---|---|');
  const times = new Map<string, number[]>(c.grid.losses.map((l) => [l, []]));
  const tensorCounts = new Map<string, Set<number>>(c.grid.losses.map((l) => [l, new Set()]));
  for (let r = 0; r < repeats; r++) {
    for (const spec of c.grid.losses) {
      const t = epochTimes(spec, data.train, data.validation, epochs, r + 1);
      times.get(spec)!.push(...t.ms);
      t.tensors.forEach((n) => tensorCounts.get(spec)!.add(n));
    }
  }
  const bce = median(times.get('bce')!);
  for (const spec of c.grid.losses) {
    const m = median(times.get(spec)!);
    console.log(`| ${spec} | ${m.toFixed(1)} | ${(m / bce).toFixed(2)} | ${[...tensorCounts.get(spec)!].join(', ')} |`);
  }
  const rowsList = arg('rows', '2000,20000,200000').split(',').map(Number);
  console.log('\n| rows | loss | median ms/epoch | µs per row |\n|---|---|---|---|');
  for (const rows of rowsList) {
    const t = synthetic(rows, data.width, 1);
    const v = synthetic(Math.max(100, Math.round(rows / 4)), data.width, 2);
    const ep = rows >= 100000 ? 3 : epochs;
    for (const spec of ['bce', 'solh:cosine(0.5,0.3)']) {
      const m = median(epochTimes(spec, t, v, ep, 1).ms);
      console.log(`| ${rows} | ${spec} | ${m.toFixed(1)} | ${((1000 * m) / rows).toFixed(2)} |`);
    }
    tf.dispose([t.x, t.y, v.x, v.y]);
  }
  console.log(`\npeak resident memory of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}

void main();
