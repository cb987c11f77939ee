/**
 * The config validator the build writes as code (Ajv standalone) is the default schema's, and
 * judges configs as Ajv compiling the schema at run time does: the same verdict, the same first
 * error, the same defaults filled in. Any other schema is compiled, not given the generated one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { CONFIG_SETTINGS, SECTIONS, composeConfigSchema, readConfigFile } from '../../src/experiment/config';
import { precompiledValidator } from '../../src/experiment/config-validator';
import { SETTING_ANNOTATIONS } from '../../src/settings-schema';
import { repoRoot } from '../helpers/paths';

const paper = readConfigFile(join(repoRoot(), 'configs/paper.json'));

/** Configs right and wrong in several ways (a wrong type, a bound, an unknown key, a missing section, a left-out default). */
function cases(): Record<string, unknown>[] {
  const copy = () => structuredClone(paper) as Record<string, Record<string, unknown>>;
  const out: Record<string, unknown>[] = [copy()];
  const edits: ((c: Record<string, Record<string, unknown>>) => void)[] = [
    (c) => (c.training.batchSize = 'sixty-four'),
    (c) => (c.training.maxEpochs = 10 ** 9),
    (c) => (c.split.train = -1),
    (c) => (c.model.extra = 1),
    (c) => delete (c as Record<string, unknown>).grid,
    (c) => delete c.training.fma,
    (c) => delete c.evaluation.threshold,
    (c) => (c.grid.losses = []),
    (c) => (c.data.missing = 'sometimes'),
  ];
  for (const edit of edits) {
    const c = copy();
    edit(c);
    out.push(c);
  }
  return out;
}

test('the build wrote the default schema\'s validator, and it judges as a run-time compile: verdict, first error, defaults', () => {
  const generated: ValidateFunction | undefined = precompiledValidator(CONFIG_SETTINGS.json);
  assert.ok(generated, 'no generated validator for the default schema (npm run build writes it)');
  assert.equal(CONFIG_SETTINGS.validate, generated);
  const compiled = new Ajv({ allErrors: false, useDefaults: true, keywords: [...SETTING_ANNOTATIONS] }).compile(CONFIG_SETTINGS.json);
  for (const c of cases()) {
    const a = structuredClone(c);
    const b = structuredClone(c);
    const okA: boolean = generated(a);
    const okB: boolean = compiled(b);
    assert.equal(okA, okB, JSON.stringify(c).slice(0, 200));
    const first = (e: ErrorObject[] | null | undefined) => e && { keyword: e[0].keyword, instancePath: e[0].instancePath, params: e[0].params };
    assert.deepEqual(first(generated.errors), first(compiled.errors));
    assert.deepEqual(a, b, 'the same defaults filled in');
  }
});

test('a schema other than the default one is compiled, not given the generated validator', () => {
  const training = { ...SECTIONS.training, properties: { ...SECTIONS.training.properties, warmup: { type: 'integer', minimum: 0, default: 0 } } };
  const schema = composeConfigSchema({ ...SECTIONS, training });
  assert.equal(precompiledValidator(schema.json), undefined);
  const c = structuredClone(paper) as Record<string, Record<string, unknown>>;
  assert.ok(schema.validate(c));
  assert.equal(c.training.warmup, 0);
  c.training.warmup = -1;
  assert.ok(!schema.validate(c));
});
