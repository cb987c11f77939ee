/** Ajv's errors in a config author's words: a dotted path and what is wrong, with real Ajv errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv, { ErrorObject } from 'ajv';
import { describeSchemaError } from '../../src/experiment/schema-error';

const ajv = new Ajv({ allErrors: true });
const validate = ajv.compile({
  type: 'object',
  additionalProperties: false,
  properties: {
    training: {
      type: 'object',
      additionalProperties: false,
      properties: { kernel: { enum: ['fused', 'tfjs'] }, epochs: { type: 'integer', minimum: 1 } },
    },
    seeds: { type: 'array', items: { type: 'integer' } },
  },
});

function errorsOf(value: unknown): ErrorObject[] {
  assert.equal(validate(value), false);
  return validate.errors!;
}
const none = () => undefined;

test('an unknown key is named with its dotted path, whatever the explanation says', () => {
  const [e] = errorsOf({ training: { kernal: 'fused' } });
  assert.deepEqual(describeSchemaError(e, () => 'never used'), { where: 'training', detail: 'unknown key "kernal"' });
});

test('at the top level the path reads (top level)', () => {
  const [e] = errorsOf({ trianing: {} });
  assert.deepEqual(describeSchemaError(e, none), { where: '(top level)', detail: 'unknown key "trianing"' });
});

test('array items are dotted by index; without an explanation Ajv\'s own message is kept', () => {
  const [e] = errorsOf({ seeds: [0, 'one'] });
  assert.deepEqual(describeSchemaError(e, none), { where: 'seeds.1', detail: 'must be integer' });
});

test('the explanation replaces Ajv\'s message and is told where the error is', () => {
  const [e] = errorsOf({ training: { kernel: 'simd' } });
  const seen: string[] = [];
  const explain = (x: ErrorObject, where: string) => {
    seen.push(`${x.keyword}@${where}`);
    return x.keyword === 'enum' ? `choose one of ${(x.params as { allowedValues: string[] }).allowedValues.join(', ')}` : undefined;
  };
  assert.deepEqual(describeSchemaError(e, explain), { where: 'training.kernel', detail: 'choose one of fused, tfjs' });
  assert.deepEqual(seen, ['enum@training.kernel']);
});
