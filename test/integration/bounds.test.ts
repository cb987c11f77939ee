/**
 * Bounds (issue 19, section 4): settings that would exhaust memory are refused by the config schema
 * with the reason; a sweep's size is counted before any universe is made and held to the bound on
 * runs; a table of hundreds of thousands of rows loads (nothing recurses or spreads per row).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkConfig, loadConfig, Config } from '../../src/experiment/config';
import { expandSweep } from '../../src/experiment/sweep';
import { featuresFor } from '../../src/experiment/prepare';
import { SolhError } from '../../src/errors';
import { repoRoot, tempDir } from '../helpers/paths';
import { solhInProcess } from '../helpers/cli-in-process';
import { assertOneLineError } from '../helpers/one-line';

const paper = () => structuredClone(loadConfig(join(repoRoot(), 'configs/paper.json'))) as Config;

test('evaluation.thresholdStep and model.hidden are bounded in the schema, the reason in the message', () => {
  const cases: [(c: Config) => void, RegExp][] = [
    [(c) => (c.evaluation.thresholdStep = 1e-9), /^config t: evaluation\.thresholdStep: must be >= 0\.001 \(τ\* is searched over 1\/thresholdStep \+ 1 thresholds, .*0\.001 gives 1001 points\); fix that setting/],
    [(c) => (c.model.hidden = [1_000_000_000]), /^config t: model\.hidden\.0: must be <= 4096 \(a layer's weights are held four times per worker/],
    [(c) => (c.model.hidden = [32, 20_000_000]), /^config t: model\.hidden\.1: must be <= 4096 /],
    [(c) => (c.model.hidden = Array(17).fill(8)), /^config t: model\.hidden: must NOT have more than 16 items \(at most 16 hidden layers\)/],
  ];
  for (const [set, pattern] of cases) {
    const c = paper();
    set(c);
    assert.throws(() => checkConfig(c, 't'), (e: unknown) => e instanceof SolhError && pattern.test(e.message), pattern.source);
  }
  const ok = paper();
  ok.evaluation.thresholdStep = 0.001;
  ok.model.hidden = [4096, 16];
  assert.doesNotThrow(() => checkConfig(ok, 't'));
});

test('--set with an unbounded threshold step or layer is refused in one line before any training', async () => {
  const dir = tempDir();
  for (const [set, pattern] of [['evaluation.thresholdStep=1e-9', /evaluation\.thresholdStep: must be >= 0\.001/], ['model.hidden=[1000000000]', /model\.hidden\.0: must be <= 4096/]] as const) {
    const r = await solhInProcess(['run', '--set', set, '--losses', 'bce', '--target', 'f1', '--seeds', '1', '--out', join(dir, 'x'), '--quiet']);
    assertOneLineError(r, pattern, set);
  }
});

test('a sweep is counted before it is enumerated: past 100,000 runs in all it is one line, at once', async () => {
  const c = paper();
  // 8 axes of 12 values, factorial: 12^8 ≈ 4.3e8 universes.
  c.design = 'factorial';
  c.sweep = Array.from({ length: 8 }, (_, i) => ({ path: ['training.learningRate', 'training.batchSize', 'training.patience', 'training.minDelta', 'model.dropout', 'loss.delta', 'training.beta1', 'training.maxEpochs'][i], values: Array.from({ length: 12 }, (_, k) => [0.001 + k / 1000, 8 + k, 1 + k, k / 1000, k / 20, 0.05 + k / 100, 0.5 + k / 30, 1 + k][i]) }));
  const started = Date.now();
  assert.throws(() => expandSweep(c, 't'), (e: unknown) => e instanceof SolhError && /^config t: the sweep has up to 2\.58e\+10 runs \(factorial, 12 × 12 × 12 × 12 × 12 × 12 × 12 × 12 axis values, 10 losses × 2 targets × 3 seeds each\), more than the bound of 100000/.test(e.message));
  assert.ok(Date.now() - started < 1000, 'at once');
  // 4 axes listing about a million runs were accepted before.
  const four = paper();
  four.design = 'factorial';
  four.sweep = (four.sweep = c.sweep.slice(0, 4).map((a) => ({ ...a, values: a.values.slice(0, 10) })));
  four.grid.seeds = Array.from({ length: 60 }, (_, i) => i);
  assert.throws(() => expandSweep(four, 't'), /more than the bound of 100000/);
  // The CLI: the config file, and --seeds in the billions, refused before anything is allocated.
  const file = join(tempDir(), 'huge.json');
  writeFileSync(file, JSON.stringify(c));
  assertOneLineError(await solhInProcess(['sweep', '--config', file, '--list']), /the sweep has up to .* runs .*more than the bound of 100000/, 'sweep --list');
  assertOneLineError(await solhInProcess(['sweep', '--seeds', '1000000000', '--list']), /--seeds 1000000000: at most 100000 \(the bound on the runs of a grid\)/, 'sweep --seeds');
  assertOneLineError(await solhInProcess(['sweep', '--default-seeds', '1000000000', '--list']), /more than the bound of 100000/, 'sweep --default-seeds');
});

test('a table of 400,000 rows loads, splits and encodes (no recursion or spread per row)', () => {
  const rows = 400_000;
  const lines = ['a,b,c,y'];
  for (let i = 0; i < rows; i++) lines.push(`${i % 97},${(i * 7) % 13},${i % 2 ? 'u' : 'v'},${i % 5 === 0 ? 1 : 0}`);
  const file = join(tempDir(), 'big.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  const c = paper();
  c.data = { ...c.data, path: file, label: 'y', drop: [], categorical: 'auto' };
  const f = featuresFor(c, 0);
  assert.equal(f.summary.rows.train + f.summary.rows.validation + f.summary.rows.test, rows);
  assert.equal(f.summary.width, 4); // a, b, and c one-hot as two
  assert.equal(f.parts.train.labels.reduce((n, v) => n + v, 0) + f.parts.validation.labels.reduce((n, v) => n + v, 0) + f.parts.test.labels.reduce((n, v) => n + v, 0), rows / 5);
});
