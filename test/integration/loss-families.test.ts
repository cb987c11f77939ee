import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOSS_FAMILIES, LOSS_FORMS, familyOf, isScoreLoss, lossFamily, lossLabel, parseLoss } from 'solh-losses';
import { lossStyles } from '../../src/report/figures/style';
import { planRuns } from '../../src/experiment/grid';
import { SolhError } from '../../src/errors';

test('registry: every family parses an example of its own and names itself in the spec', () => {
  const examples: Record<string, string> = {
    bce: 'bce', 'soft-set': 'soft-set:0.3', sol: 'sol:uniform', solh: 'solh:cosine(0.5,0.3)', sigmoid: 'sigmoid(10):beta(2,2)',
  };
  assert.deepEqual(LOSS_FAMILIES.map((f) => f.name).sort(), Object.keys(examples).sort());
  for (const f of LOSS_FAMILIES) {
    const s = parseLoss(examples[f.name]);
    assert.equal(s.family, f.name);
    assert.equal(familyOf(s.spec)?.family, f);
    assert.equal(lossFamily(f.name), f);
    assert.equal(isScoreLoss(s.spec), f.training === 'score');
  }
  assert.deepEqual(LOSS_FORMS, ['bce', 'soft-set', 'soft-set:τ0', 'sol:<dist>', 'solh:<dist>', 'sigmoid(k):<dist>']);
});

test('registry: labels are the paper names (docs/method.md §4.1), unknown text is its own label', () => {
  assert.equal(lossLabel('bce'), 'BCE');
  assert.equal(lossLabel('soft-set'), 'L_s (soft-set)');
  assert.equal(lossLabel('soft-set:0.3'), 'soft-set:0.3');
  assert.equal(lossLabel('sol:cosine(0.5,0.1)'), 'SOL C(0.5,0.1)');
  assert.equal(lossLabel('solh:uniform'), 'SOLH uniform');
  assert.equal(lossLabel('sigmoid(10):uniform'), 'sigmoid(10):uniform');
  assert.equal(lossLabel('focal'), 'focal');
});

test('registry: figure styles pair SOL and SOLH by distribution colour and tell them apart by dash', () => {
  const s = lossStyles(['bce', 'sol:uniform', 'solh:uniform', 'soft-set', 'solh:point(0.5)', 'sigmoid(5):uniform']);
  assert.deepEqual(s.get('bce'), { color: '#333', dash: '' });
  assert.equal(s.get('sol:uniform')!.color, s.get('solh:uniform')!.color);
  assert.equal(s.get('sigmoid(5):uniform')!.color, s.get('sol:uniform')!.color);
  assert.notEqual(s.get('sol:uniform')!.dash, s.get('solh:uniform')!.dash);
  // soft-set is a point mass at 0.5: the same colour as a SOLH over point(0.5).
  assert.equal(s.get('soft-set')!.color, s.get('solh:point(0.5)')!.color);
  assert.notEqual(s.get('soft-set')!.color, s.get('sol:uniform')!.color);
});

test('registry: cross-entropy is planned once per seed, score losses once per target and seed', () => {
  const keys = planRuns({ grid: { losses: ['bce', 'solh:uniform'], targets: ['f1', 'accuracy'], seeds: [1, 2] }, loss: { delta: 0.1 } } as never);
  assert.equal(keys.filter((k) => k.loss === 'bce').length, 2);
  assert.ok(keys.filter((k) => k.loss === 'bce').every((k) => k.target === null));
  assert.equal(keys.filter((k) => k.loss === 'solh:uniform').length, 4);
});

test('registry: an unknown loss is one SolhError naming the valid forms', () => {
  assert.throws(() => parseLoss('focal'), (e: unknown) => e instanceof SolhError && /valid forms: bce, soft-set/.test(e.message));
});
