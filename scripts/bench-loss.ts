/**
 * Benchmark: time of one loss value + gradient (with respect to the logits) for BCE, soft-set,
 * SOL and SOLH, at batch sizes 64 and 65,536, on the default backend. Losses are measured round-robin
 * so that machine noise hits all alike; we report medians and the ratio of each median to BCE's.
 *
 *   npm run bench:loss [-- --backend cpu --repeats 200 --kernel ops]
 */
import * as tf from '@tensorflow/tfjs';
import { arg, median } from './cli-args';
import { selectBackend } from '../src/engine/backend';
import { makeLoss, parseLoss, LossOpForm } from 'solh-losses';
import { parseScore } from 'solh-losses';



async function main() {
  const backend = await selectBackend(arg('backend', 'auto'));
  const kernel = arg('kernel', 'fused') as LossOpForm;
  const specs = ['bce', 'soft-set', 'sol:cosine(0.5,0.3)', 'solh:cosine(0.5,0.3)', 'solh:uniform'];
  const score = parseScore(arg('target', 'f1'));
  console.log(`backend ${backend}, score-loss kernel ${kernel}, target ${score.spec}`);
  console.log('| batch | loss | median µs (value + gradient) | ratio to BCE |');
  console.log('|---|---|---|---|');
  for (const batch of [64, 65536]) {
    const repeats = Number(arg('repeats', batch === 64 ? '400' : '40'));
    const y = tf.tensor1d(Array.from({ length: batch }, (_, i) => (i % 4 === 0 ? 1 : 0)));
    const z = tf.tensor1d(Array.from({ length: batch }, (_, i) => Math.sin(i) * 3));
    const losses = specs.map((s) => makeLoss(parseLoss(s), score, kernel));
    const step = losses.map((l) => tf.valueAndGrad((x: tf.Tensor) => l.fn(y, x)));
    const times: number[][] = specs.map(() => []);
    for (let r = 0; r < repeats + 5; r++) {
      step.forEach((f, j) => {
        const t0 = performance.now();
        const { value, grad } = f(z);
        grad.dataSync(); // wait for the result: some backends run asynchronously
        const dt = performance.now() - t0;
        tf.dispose([value, grad]);
        if (r >= 5) times[j].push(dt * 1000); // the first repeats warm up
      });
    }
    const base = median(times[0]);
    specs.forEach((s, j) => console.log(`| ${batch} | ${s} | ${median(times[j]).toFixed(0)} | ${(median(times[j]) / base).toFixed(2)} |`));
    losses.forEach((l) => l.dispose());
    tf.dispose([y, z]);
  }
}

void main();
