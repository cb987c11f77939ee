/**
 * Property test: whatever text parseScore is given, it returns a score that computes a finite
 * number on a confusion matrix, or throws a one-line SolhError — never another exception.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseScore, numberArith, SCORES } from 'solh-losses';
import { SolhError } from 'solh-losses';

const RUNS = 2000;

test(`property: parseScore returns a usable score or a one-line SolhError on any string (${RUNS} runs)`, () => {
  const names = [...SCORES.keys()];
  const pieces = fc.constantFrom(...names, 'F1', 'fbeta', '(', ')', '((', ',', '2', '0', '-1', '0.5', '1e400', 'NaN', 'Infinity', ' ', '\n', 'x', '-', '__proto__', 'constructor');
  const arb = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.array(pieces, { maxLength: 6 }).map((a) => a.join('')));
  let parsed = 0;
  fc.assert(
    fc.property(arb, (s) => {
      let score;
      try {
        score = parseScore(s);
      } catch (e) {
        if (!(e instanceof SolhError)) throw e;
        assert.ok(!e.message.includes('\n'), JSON.stringify(e.message));
        return;
      }
      parsed++;
      assert.ok(SCORES.has(score.definition.name));
      assert.equal(score.params.length, score.definition.arity);
      // A parsed score is usable: it gives a finite value on a confusion matrix, and its canonical spec parses to itself.
      assert.ok(Number.isFinite(score.compute({ tp: 5, fn: 3, fp: 2, tn: 10 }, numberArith)), s);
      assert.equal(parseScore(score.spec).spec, score.spec);
    }),
    { numRuns: RUNS },
  );
  assert.ok(parsed > 0, 'some generated strings must be valid scores, or the property tests only the error path');
});
