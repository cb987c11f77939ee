/**
 * solh-losses/core, the entry that loads no TF.js: a fresh Node process that requires it has no
 * module under @tensorflow loaded (and the ES module bundle imports none), it works there (the
 * flat BCE against a hand computation), and the main entry re-exports every one of its
 * exports as the same object (one module graph: one SolhError class, one table cache).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as core from 'solh-losses/core';
import * as main from 'solh-losses';
import { repoRoot } from '../../../test/helpers/paths';

const lib = join(repoRoot(), 'packages', 'losses');

/** Runs `source` in a fresh node process at the repository root; returns its last stdout line as JSON. */
function fresh(source: string): unknown {
  const r = spawnSync(process.execPath, ['-e', source], { cwd: repoRoot(), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

test('require("solh-losses/core") in a fresh process loads no @tensorflow module, and its flat losses work there', () => {
  const out = fresh(`
    const core = require('solh-losses/core');
    const grad = new Float32Array(2);
    // y = (1, 0), z = (0, 0): mean BCE = ln 2, gradient (σ(0) − y)/2 = (−¼, ¼).
    const loss = core.flatBce([1, 0], new Float32Array([0, 0]), grad);
    // The family registry hands the same flat loss for the reference spec.
    const viaFamily = core.flatLoss(core.parseLoss('bce'), core.parseScore('f1')) === core.flatBce;
    let refused = false;
    try { core.parseLoss('solh:nonsense'); } catch (e) { refused = e instanceof core.SolhError; }
    const tf = Object.keys(require.cache).filter((f) => f.includes('@tensorflow'));
    console.log(JSON.stringify({ tf, loss, grad: Array.from(grad), viaFamily, refused, file: require.resolve('solh-losses/core') }));
  `) as { tf: string[]; loss: number; grad: number[]; viaFamily: boolean; refused: boolean; file: string };
  assert.deepEqual(out.tf, []);
  assert.ok(Math.abs(out.loss - Math.LN2) < 1e-12, `BCE ${out.loss}`);
  assert.deepEqual(out.grad, [-0.25, 0.25]);
  assert.equal(out.viaFamily, true);
  assert.equal(out.refused, true);
  assert.equal(out.file, join(lib, 'dist', 'core.cjs'));
  // The probe can fail: the main entry in a fresh process does load TF.js.
  const withMain = fresh(`require('solh-losses'); console.log(JSON.stringify(Object.keys(require.cache).filter((f) => f.includes('@tensorflow')).length));`) as number;
  assert.ok(withMain > 0, 'the main entry loaded no TF.js module: the probe sees nothing');
});

test('the core bundles (CommonJS and ES module) import nothing: TF.js and @stdlib are not reached', () => {
  for (const file of ['core.cjs', 'core.mjs']) {
    const text = readFileSync(join(lib, 'dist', file), 'utf8');
    assert.doesNotMatch(text, /@tensorflow/, `${file} names TF.js`);
    assert.doesNotMatch(text, /\brequire\(["']|^import .* from ["']/m, `${file} imports a module`);
  }
});

test('the main entry re-exports every export of solh-losses/core as the same object', () => {
  const names = Object.keys(core);
  assert.ok(names.length >= 30, `core exports ${names.length} names`);
  for (const name of names) assert.equal((main as Record<string, unknown>)[name], (core as Record<string, unknown>)[name], name);
  assert.equal(main.SolhError, core.SolhError);
  // TF.js-only exports stay out of core.
  for (const name of ['scoreLoss', 'makeLoss', 'expectedStep', 'tensorArith', 'softCounts', 'LOSS_OP_TOOLS', 'softStepCurve']) {
    assert.ok(name in main && !(name in core), name);
  }
});
