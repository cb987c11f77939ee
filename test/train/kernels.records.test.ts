/**
 * The two training kernels give the same records: a few runs of the paper protocol trained with
 * training.kernel "fused" and "tfjs" (same seeds, data, batches, masks and initial weights) stop at
 * the same epochs, and their losses and scores differ by float32 noise only.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { testBackend } from '../helpers/backend';
import { repoRoot } from '../helpers/paths';
import { loadConfig, configHash, protocolOf } from '../../src/experiment/config';
import { prepareData } from '../../src/experiment/prepare';
import { runOne } from '../../src/experiment/run-one';
import type { RunKey, RunRecord } from '../../src/experiment/record';

let backend: string;
before(async () => {
  backend = await testBackend();
});

const KEYS: RunKey[] = [
  { target: null, loss: 'bce', seed: 0 },
  { target: 'f1', loss: 'solh:cosine(0.5,0.3)', seed: 1 },
  { target: 'accuracy', loss: 'sol:uniform', seed: 2 },
  { target: 'f1', loss: 'soft-set', seed: 0 },
];

/** Largest |a − b| / max(|b|, 1e-3) over two equally long series. */
function worstRelative(a: number[], b: number[]): number {
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]) / Math.max(Math.abs(b[i]), 1e-3)));
}

test('fused (SIMD and JS loops) and tfjs kernels: same epochs, losses and scores within float32 noise', () => {
  const config = loadConfig(join(repoRoot(), 'configs/paper.json'));
  const lines: string[] = [];
  for (const key of KEYS) {
    const data = prepareData(config, key.seed);
    const records = (['fused', 'fused-js', 'tfjs'] as const).map((kernel): RunRecord => {
      const c = structuredClone(config);
      c.training.kernel = kernel;
      return runOne({ config: c, protocol: protocolOf(c), configHash: configHash(c, 'x'), dataSha256: 'x', backend }, key, data);
    });
    const t = records[2];
    assert.equal(t.status, 'ok');
    for (const [name, f] of [['fused', records[0]], ['fused-js', records[1]]] as const) {
      assert.equal(f.status, 'ok');
      assert.equal(f.epochsRun, t.epochsRun, `${name} ${key.loss} seed ${key.seed}: epochs run`);
      assert.equal(f.bestEpoch, t.bestEpoch, `${name} ${key.loss} seed ${key.seed}: best epoch`);
      const loss = Math.max(worstRelative(f.history.trainLoss, t.history.trainLoss), worstRelative(f.history.validationLoss, t.history.validationLoss));
      let score = 0;
      for (const s of Object.keys(t.evaluation)) {
        for (const k of ['trainAtThreshold', 'testAtThreshold', 'trainAtTau', 'testAtTau'] as const) {
          score = Math.max(score, Math.abs(f.evaluation[s][k] - t.evaluation[s][k]) || 0);
        }
      }
      lines.push(`${name} vs tfjs, ${key.target ?? 'any'} ${key.loss} seed ${key.seed}: ${f.epochsRun} epochs both; losses within ${loss.toExponential(1)} relative; scores within ${score.toExponential(1)}`);
      assert.ok(loss < 1e-4, `${name} ${key.loss}: losses differ by ${loss} relative`);
      // One test example of ~430 changing side of a threshold moves a score by ~2e-3.
      assert.ok(score < 5e-3, `${name} ${key.loss}: scores differ by up to ${score}`);
    }
  }
  console.log(lines.join('\n'));
});
