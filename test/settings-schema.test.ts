/**
 * Settings declared by the modules that read them (issue 22, item 4): a new sweepable setting is
 * one line in its module's section, and a new architecture is one registry entry. Both are added
 * here locally, without touching anything else, and go through validation, defaults, the protocol
 * and its hash, and the sweep.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SECTIONS, checkConfig, composeConfigSchema, configHash, protocolOf, readConfigFile } from '../src/experiment/config';
import { expandSweep } from '../src/experiment/sweep';
import { TRAINING_SECTION } from '../src/train/settings';
import { ArchitectureEntry, ModelSettings, createModel, modelSection } from '../src/model/model';
import { MLP } from '../src/model/mlp';
import { createMlp } from '../src/model/mlp';
import { defaultsOf, section } from '../src/settings-schema';
import { SolhError } from '../src/errors';
import { repoRoot } from './helpers/paths';

/** configs/paper.json as read from disk (not yet validated: each schema fills its own defaults). */
const paperRaw = () => readConfigFile(join(repoRoot(), 'configs/paper.json'));

/** The hash and data checksum of the committed records of configs/paper.json. */
function committedPaper(): { configHash: string; dataSha256: string } {
  const dir = join(repoRoot(), 'results/paper');
  const file = readdirSync(dir).find((f) => f.endsWith('.json') && f.includes('__seed'))!;
  return JSON.parse(readFileSync(join(dir, file), 'utf8'));
}

// The one line a new training setting is (as it would be written in src/train/settings.ts).
const withWeightDecay = composeConfigSchema({
  ...SECTIONS,
  training: section({ ...TRAINING_SECTION, properties: { ...TRAINING_SECTION.properties, weightDecay: { type: 'number', minimum: 0, default: 0, unhashedAt: 0 } } }),
});

test('a training setting added as one line: validated, its default filled in, committed hashes unchanged, other values hashed', () => {
  const committed = committedPaper();
  const c = checkConfig(paperRaw(), 'paper.json', withWeightDecay) as unknown as { training: Record<string, unknown> };
  assert.equal(c.training.weightDecay, 0, 'the default is filled in for the code that reads it');
  assert.equal(configHash(c as never, committed.dataSha256, withWeightDecay), committed.configHash, 'at its default the protocol is as committed');
  assert.equal('weightDecay' in (protocolOf(c as never, withWeightDecay).training as object), false);
  const decayed = paperRaw() as { training: Record<string, unknown> };
  decayed.training.weightDecay = 0.01;
  const d = checkConfig(decayed, 'decayed.json', withWeightDecay);
  assert.equal((protocolOf(d, withWeightDecay).training as unknown as Record<string, unknown>).weightDecay, 0.01);
  assert.notEqual(configHash(d, committed.dataSha256, withWeightDecay), committed.configHash);
  decayed.training.weightDecay = -1;
  assert.throws(() => checkConfig(decayed, 'bad.json', withWeightDecay), (e: unknown) => e instanceof SolhError && /training\.weightDecay: must be >= 0/.test(e.message));
  // Without the line the setting is unknown.
  decayed.training.weightDecay = 0.01;
  assert.throws(() => checkConfig(decayed, 'bad.json'), /unknown key "weightDecay"/);
});

test('a training setting added as one line can be swept: one universe per value, each its own hash', () => {
  const raw = () => ({ ...paperRaw(), sweep: [{ path: 'training.weightDecay', values: [0, 0.01, 0.1] }] });
  const c = checkConfig(raw(), 'sweep.json', withWeightDecay);
  const universes = expandSweep(c, 'sweep.json', withWeightDecay);
  assert.deepEqual(universes.map((u) => u.name), ['default', 'training.weightDecay=0.01', 'training.weightDecay=0.1']);
  assert.deepEqual(universes.map((u) => (u.config.training as unknown as Record<string, unknown>).weightDecay), [0, 0.01, 0.1]);
  assert.equal(new Set(universes.map((u) => configHash(u.config, 'data', withWeightDecay))).size, 3);
  // The shipped schema has no such setting: the same sweep is refused.
  assert.throws(() => expandSweep(checkConfig(raw(), 'sweep.json'), 'sweep.json'), /sweep path "training\.weightDecay" names no setting/);
});

// One registry entry: logistic regression (no hidden layer), with no settings of its own.
const LINEAR: ArchitectureEntry = {
  settings: section({ properties: {} }),
  create: (inputDim: number, s: { init: 'pytorch' | 'glorot' }, seed: number) => createMlp(inputDim, [], seed, s.init),
};
const registry = { mlp: MLP, linear: LINEAR };
const withLinear = composeConfigSchema({ ...SECTIONS, model: modelSection(registry) });

test('an architecture added as one registry entry: its config needs none of the MLP settings, and createModel builds it', () => {
  const committed = committedPaper();
  // The MLP configs keep their hash under the larger registry.
  assert.equal(configHash(checkConfig(paperRaw(), 'paper.json', withLinear), committed.dataSha256, withLinear), committed.configHash);
  const raw = paperRaw() as { model: Record<string, unknown> };
  raw.model = { architecture: 'linear' };
  const c = checkConfig(raw, 'linear.json', withLinear);
  assert.deepEqual(c.model, { architecture: 'linear', init: 'pytorch' });
  const model = createModel(5, c.model as unknown as ModelSettings, 0, registry);
  assert.equal(model.theta.length, 5 + 1, 'five weights and a bias');
  // The shipped schema does not know it; the MLP still needs its settings.
  assert.throws(() => checkConfig(raw, 'linear.json'), /model\.architecture: must be one of "mlp"/);
  raw.model = { architecture: 'mlp', dropout: 0.5 };
  assert.throws(() => checkConfig(raw, 'mlp.json', withLinear), /config mlp\.json: model: must have required property 'hidden'/);
  assert.throws(() => createModel(5, { ...c.model, architecture: 'cnn' } as unknown as ModelSettings, 0, registry), /unknown model architecture "cnn": valid values are mlp, linear/);
});

test('defaultsOf: the defaults a section declares, and only those', () => {
  assert.deepEqual(defaultsOf(TRAINING_SECTION), { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, kernel: 'fused' });
});
