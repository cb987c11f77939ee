/** Which losses a setting can change: the registry's readsDelta against what parsing with two δ actually builds. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOSS_FAMILIES, parseLoss } from 'solh-losses';
import { settingsChangeLoss } from '../../src/experiment/invariance';

const EXAMPLE: Record<string, string> = { bce: 'bce', 'soft-set': 'soft-set', sol: 'sol:uniform', solh: 'solh:uniform', sigmoid: 'sigmoid(10):uniform' };

test('readsDelta says exactly which families build a different loss for another δ', () => {
  for (const f of LOSS_FAMILIES) {
    const spec = EXAMPLE[f.name];
    assert.ok(spec, `an example spec for ${f.name}`);
    const a = parseLoss(spec, 0.05);
    const b = parseLoss(spec, 0.2);
    // The soft step at a point inside (0.5 − 0.2, 0.5 + 0.2) differs when δ is read.
    const differs = a.step !== undefined && b.step !== undefined && a.step.value(0.58, 0.5) !== b.step.value(0.58, 0.5);
    assert.equal(differs, f.readsDelta, `${f.name}: readsDelta ${f.readsDelta} but δ ${differs ? 'changes' : 'does not change'} its step`);
  }
});

test('settingsChangeLoss: δ changes SOLH and soft-set, not BCE or SOL; any other setting changes every loss', () => {
  assert.equal(settingsChangeLoss({ 'loss.delta': 0.2 }, 'bce'), false);
  assert.equal(settingsChangeLoss({ 'loss.delta': 0.2 }, 'sol:cosine(0.5,0.1)'), false);
  assert.equal(settingsChangeLoss({ 'loss.delta': 0.2 }, 'solh:uniform'), true);
  assert.equal(settingsChangeLoss({ 'loss.delta': 0.2 }, 'soft-set'), true);
  assert.equal(settingsChangeLoss({ 'training.batchSize': 32 }, 'bce'), true);
  assert.equal(settingsChangeLoss({ 'loss.delta': 0.2, 'model.dropout': 0 }, 'bce'), true);
  assert.equal(settingsChangeLoss({ 'loss.delta': 0.2 }, 'no-such-loss'), true);
});
