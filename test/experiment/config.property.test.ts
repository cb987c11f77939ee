/**
 * Property test: whatever JSON-ish value checkConfig is given (random values, or the paper's
 * config with one part replaced, added or removed), it returns a config whose specs parse and
 * whose split sums to 1, or throws a one-line SolhError — never another exception.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { checkConfig, Config } from '../../src/experiment/config';
import { parseLoss } from 'solh-losses';
import { parseScore } from 'solh-losses';
import { SolhError } from '../../src/errors';
import { repoRoot } from '../helpers/paths';

const RUNS = 1000;
const paper = JSON.parse(readFileSync(join(repoRoot(), 'configs/paper.json'), 'utf8')) as Record<string, unknown>;

/** Every path into the paper config: objects, arrays and leaves. */
function paths(v: unknown, prefix: string[] = []): string[][] {
  const here = prefix.length ? [prefix] : [];
  if (v && typeof v === 'object') return [...here, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...prefix, k]))];
  return here;
}
const PATHS = paths(paper);

/** Values a config could plausibly hold, wrong ones included (also non-JSON NaN and ±Infinity). */
const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(0, -1, 0.5, 1, 1.5, 1e-300, 1e300, NaN, Infinity, -Infinity, 0.25, 2.5, '', 'f1', 'bce', 'solh:uniform', 'soft-set:1.5',
    'solh:cosine(0.5,0)', 'sol:beta(0,1)', 'fbeta(0)', 'x', null, true, [], {}, [0], [0, 0], ['f1'], ['nope'], [32, 0], [-1]),
);
const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', 'toString', '$comment', 'data', 'seeds', 'learningRat'));

type Mutation = { kind: 'set' | 'add' | 'delete'; path: string[]; key: string; value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('set', 'set', 'add', 'delete'),
  path: fc.constantFrom(...PATHS),
  key,
  value,
});

function mutate(base: Record<string, unknown>, muts: Mutation[]): unknown {
  const c = structuredClone(base);
  for (const m of muts) {
    const parent = m.path.slice(0, -1).reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), c);
    if (!parent || typeof parent !== 'object') continue;
    const obj = parent as Record<string, unknown>;
    const last = m.path[m.path.length - 1];
    if (m.kind === 'set') obj[last] = m.value;
    else if (m.kind === 'delete') delete obj[last];
    else Object.defineProperty(obj, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  return c;
}

function configOrSolh(raw: unknown): 'value' | 'error' {
  let c: Config;
  try {
    c = checkConfig(raw, 'fuzz');
  } catch (e) {
    if (!(e instanceof SolhError)) throw e;
    assert.ok(!e.message.includes('\n'), JSON.stringify(e.message));
    return 'error';
  }
  // An accepted config is one the runner can use.
  assert.ok(Math.abs(c.split.train + c.split.validation + c.split.test - 1) < 1e-9);
  for (const f of [c.split.train, c.split.validation, c.split.test]) assert.ok(f > 0 && f < 1);
  assert.ok(c.loss.delta > 0 && c.loss.delta < 0.5);
  for (const l of c.grid.losses) parseLoss(l, c.loss.delta);
  for (const t of [...c.grid.targets, ...c.evaluation.curveScores]) parseScore(t);
  assert.ok(c.grid.seeds.every((s) => Number.isInteger(s) && s >= 0));
  assert.ok(Number.isInteger(c.training.maxEpochs) && c.training.maxEpochs >= 1);
  assert.ok(Array.isArray(c.data.drop));
  return 'value';
}

test(`property: checkConfig returns a usable config or a one-line SolhError on random JSON-ish values (${RUNS} runs)`, () => {
  fc.assert(fc.property(fc.oneof(value, fc.object(), fc.dictionary(key, value)), (raw) => void configOrSolh(raw)), { numRuns: RUNS });
});

test(`property: checkConfig on the paper config with up to 3 parts replaced, added or removed (${RUNS} runs)`, () => {
  const seen = { value: 0, error: 0 };
  fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (muts) => void seen[configOrSolh(mutate(paper, muts))]++), { numRuns: RUNS });
  // Both outcomes must occur, or the mutations are too tame (or too wild) to test anything.
  assert.ok(seen.value > 0 && seen.error > 0, JSON.stringify(seen));
});
