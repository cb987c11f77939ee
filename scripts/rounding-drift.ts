/**
 * How far records move when only the rounding changes: one paper run per seed trained under two
 * settings (e.g. training.kernel fused against tfjs, or training.fma off against on), and per seed
 * the epochs, the largest relative gap of the training-loss histories and the largest gap of any
 * score in the records, beside the kernel-records bounds (losses 1e-4 relative, scores 5e-3).
 * Not a test: which seeds drift depends on the run, and the figures go in the README.
 *
 *   npm run build && node [--experimental-wasm-relaxed-simd] dist/scripts/rounding-drift.js \
 *     --loss soft-set --target f1 --seeds 10 --a training.kernel=fused --b training.kernel=tfjs
 */
import { arg } from './cli-args';
import { configHash, protocolOf } from '../src/experiment/config';
import { configFromFlags } from '../src/cli/settings';
import { prepareData } from '../src/experiment/prepare';
import { runOne } from '../src/experiment/run-one';
import { selectBackend } from '../src/engine/backend';
import type { RunRecord } from '../src/experiment/record';

const loss = arg('loss', 'soft-set');
const target = arg('target', 'f1');
const seeds = Number(arg('seeds', '10'));
const [a, b] = [arg('a', 'training.kernel=fused'), arg('b', 'training.kernel=tfjs')];

/** The largest |x − y| / max(|y|, 1e-3) over the epochs both ran; Infinity where one is NaN and the other not. */
const relativeGap = (x: number[], y: number[]) => Math.max(0, ...x.slice(0, y.length).map((v, i) => (Number.isNaN(v) !== Number.isNaN(y[i]) ? Infinity : Math.abs(v - y[i]) / Math.max(Math.abs(y[i]), 1e-3) || 0)));

/** The largest gap of any score in the two records (Infinity where one is NaN and the other not). */
function scoreGap(x: RunRecord, y: RunRecord): number {
  let gap = 0;
  for (const s of Object.keys(y.evaluation)) {
    for (const k of ['trainAtThreshold', 'testAtThreshold', 'trainAtTau', 'testAtTau'] as const) {
      const [a, b] = [x.evaluation[s]?.[k], y.evaluation[s][k]];
      gap = Math.max(gap, Number.isNaN(a) !== Number.isNaN(b) ? Infinity : Math.abs(a - b) || 0);
    }
  }
  return gap;
}

async function main(): Promise<void> {
  // Each setting as `solh run --set` lays it over configs/paper.json, checked.
  const [configA, configB] = [a, b].map((kv) => configFromFlags({ set: [kv] }, []).config);
  const backend = await selectBackend('wasm');
  let past = 0, epochsDiffer = 0;
  console.log(`${target} ${loss}: ${a} against ${b}, seeds 0‥${seeds - 1}`);
  for (let seed = 0; seed < seeds; seed++) {
    const data = prepareData(configA, seed);
    const [ra, rb] = [configA, configB].map((c) => runOne({ config: c, protocol: protocolOf(c), configHash: configHash(c, 'x'), dataSha256: 'x', backend }, { target, loss, seed }, data));
    const lossGap = relativeGap(ra.history.trainLoss, rb.history.trainLoss);
    const scores = scoreGap(ra, rb);
    const outside = lossGap >= 1e-4 || scores >= 5e-3;
    past += outside ? 1 : 0;
    epochsDiffer += ra.epochsRun !== rb.epochsRun ? 1 : 0;
    console.log(`seed ${seed}: epochs ${ra.epochsRun}/${rb.epochsRun}, losses within ${lossGap.toExponential(1)} relative, scores within ${scores.toExponential(1)}${outside ? '  (past the bounds)' : ''}`);
  }
  console.log(`${past} of ${seeds} seeds past the bounds; epochs differ in ${epochsDiffer}`);
}

void main();
