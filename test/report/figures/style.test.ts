/** Loss styles: one colour per distribution, a dash per family. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lossStyles } from '../../../src/report/figures/style';

test('loss styles: SOL and SOLH over one distribution share a colour and differ in dash', () => {
  const s = lossStyles(['bce', 'sol:uniform', 'solh:uniform', 'sol:cosine(0.5,0.1)']);
  assert.equal(s.get('sol:uniform')!.color, s.get('solh:uniform')!.color);
  assert.notEqual(s.get('sol:uniform')!.dash, s.get('solh:uniform')!.dash);
  assert.notEqual(s.get('sol:uniform')!.color, s.get('sol:cosine(0.5,0.1)')!.color);
});
