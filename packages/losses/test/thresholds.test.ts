/**
 * The threshold-distribution table: a distribution added as one row (here a triangular law, kept
 * local to this test) parses, gives E(p) and dE/dp, and appears in the forms and the help.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DISTRIBUTIONS, DistributionForm, customDistribution, distributionForms, distributionHelp, parseDistribution, expectationFill, exactStep, SolhError } from 'solh-losses';

/** Triangular law on [0, 1] with mode c: F(x) = x²/c below c, 1 − (1 − x)²/(1 − c) above. */
const TRIANGLE: DistributionForm = {
  name: 'triangle',
  args: ['c'],
  help: 'triangular on [0, 1] with mode c, e.g. triangle(0.5)',
  make: ([c]) => {
    if (!(c > 0 && c < 1)) throw new SolhError(`triangle(${c}): the mode c must lie in (0, 1), e.g. triangle(0.5)`);
    return customDistribution({
      spec: `triangle(${c})`,
      pdf: (x) => (x <= 0 || x >= 1 ? 0 : x < c ? (2 * x) / c : (2 * (1 - x)) / (1 - c)),
      cdf: (x) => (x <= 0 ? 0 : x >= 1 ? 1 : x < c ? (x * x) / c : 1 - ((1 - x) * (1 - x)) / (1 - c)),
      breakpoints: [c],
      symmetricAboutHalf: c === 0.5,
    });
  },
};
const TABLE = [...DISTRIBUTIONS, TRIANGLE];

test('a distribution added as one table row parses, with its argument checks', () => {
  const d = parseDistribution(' Triangle( 0.5 ) ', TABLE);
  assert.equal(d.spec, 'triangle(0.5)');
  assert.throws(() => parseDistribution('triangle(0.5,1)', TABLE), /triangle takes 1 argument;/);
  assert.throws(() => parseDistribution('triangle(1.5)', TABLE), /the mode c must lie in \(0, 1\)/);
  // The shipped table does not know it: the registration stayed local.
  assert.throws(() => parseDistribution('triangle(0.5)'), (e: unknown) => e instanceof SolhError && /unknown distribution "triangle"; valid forms: uniform, cosine\(μ,s\), point\(τ0\), beta\(a,b\)$/.test((e as Error).message));
});

test('its E(p) and dE/dp for the exact step are its CDF and density, computed by hand', () => {
  const fill = expectationFill(exactStep, parseDistribution('triangle(0.5)', TABLE));
  const p = Float64Array.from([0.25, 0.5, 0.75, 0.1]);
  const e = new Float64Array(4);
  const de = new Float64Array(4);
  fill(p, e, de);
  // F(0.25) = 0.25²/0.5 = 0.125, F(0.75) = 1 − 0.25²/0.5 = 0.875, F(0.1) = 0.02; f(0.25) = 1, f(0.5) = 2, f(0.1) = 0.4.
  [0.125, 0.5, 0.875, 0.02].forEach((want, i) => assert.ok(Math.abs(e[i] - want) < 1e-6, `E(${p[i]}) = ${e[i]}, not ${want}`));
  [1, 2, 1, 0.4].forEach((want, i) => assert.ok(Math.abs(de[i] - want) < 1e-4, `dE/dp(${p[i]}) = ${de[i]}, not ${want}`));
});

test('the forms and the help are generated from the table, one line per row', () => {
  assert.deepEqual(distributionForms(), ['uniform', 'cosine(μ,s)', 'point(τ0)', 'beta(a,b)']);
  assert.deepEqual(distributionForms(TABLE).slice(-1), ['triangle(c)']);
  const help = distributionHelp(TABLE);
  assert.equal(help.length, DISTRIBUTIONS.length + 1);
  assert.match(help[help.length - 1], /^triangle\(c\)\s+triangular on \[0, 1\] with mode c/);
  assert.match(help[1], /^cosine\(μ,s\)\s+raised cosine/);
});
