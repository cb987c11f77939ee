/** Sweeps as data: universes, their names, seeds and hashes, and the errors of a bad sweep. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadConfig, checkConfig, configHash, protocolOf, Config } from '../../src/experiment/config';
import { expandSweep, differingSettings, universeName, getPath } from '../../src/experiment/sweep';
import { planRuns } from '../../src/experiment/grid';
import { SolhError } from '../../src/errors';
import { repoRoot } from '../helpers/paths';

const multiverse = () => loadConfig(join(repoRoot(), 'configs/multiverse.json'));
const paper = () => loadConfig(join(repoRoot(), 'configs/paper.json'));
const withSweep = (extra: Partial<Config>) => checkConfig({ ...structuredClone(paper()), ...structuredClone(extra) }, 'test');

test('configs/multiverse.json: the default protocol is configs/paper.json, and the axes of issues 14 and 18 one at a time make 14 universes', () => {
  const c = multiverse();
  const u = expandSweep(c);
  assert.equal(u.length, 14);
  assert.equal(u[0].name, 'default');
  assert.deepEqual(u[0].settings, {});
  assert.deepEqual(protocolOf(u[0].config), protocolOf(paper()));
  assert.deepEqual(u.map((x) => x.name).slice(1), [
    'model.init=glorot', 'training.batchSize=32', 'training.batchSize=256', 'training.learningRate=0.0003', 'training.learningRate=0.003',
    'model.dropout=0', 'training.restoreBest=false', 'loss.delta=0.05', 'loss.delta=0.2', 'data.drop=time+cd420+cd820+offtrt',
    'data.scaling=min-max', 'data.scaling=none', 'evaluation.tauOn=validation',
  ]);
  // Each universe varies exactly its one setting, and every universe is its own protocol.
  for (const x of u.slice(1)) {
    assert.equal(Object.keys(x.settings).length, 1, x.name);
    const [path, value] = Object.entries(x.settings)[0];
    assert.deepEqual(getPath(x.config, path), value);
    assert.deepEqual(Object.keys(differingSettings(protocolOf(x.config), protocolOf(u[0].config))), [path], x.name);
  }
  assert.equal(new Set(u.map((x) => configHash(x.config, 'same data'))).size, 14);
  // 100 seeds in the default universe, 30 elsewhere; the two δ universes do not retrain BCE and the four SOL
  // (30 + 4 × 2 × 30 = 270 runs each, the default's): 1900 + 11 × 570 + 2 × 300 trainings.
  assert.equal(u[0].config.grid.seeds.length, 100);
  assert.ok(u.slice(1).every((x) => x.config.grid.seeds.length === 30));
  for (const x of u.filter((v) => v.name.startsWith('loss.delta='))) {
    assert.deepEqual(x.config.grid.losses, ['soft-set', 'solh:cosine(0.5,0.1)', 'solh:cosine(0.5,0.3)', 'solh:cosine(0.5,0.5)', 'solh:uniform'], x.name);
  }
  assert.equal(u.reduce((a, x) => a + planRuns(x.config).length, 0), 1900 + 11 * 570 + 2 * 300);
});

test('sweep, design and defaultSeeds are outside the protocol: they do not move the hash', () => {
  const c = multiverse();
  const [d] = expandSweep(c);
  assert.equal(configHash(c, 'x'), configHash(d.config, 'x'));
  assert.equal(configHash(c, 'x'), configHash(paper(), 'x'));
});

test('factorial: every combination, named by the settings that differ from the default', () => {
  const c = withSweep({ sweep: [{ path: 'training.batchSize', values: [64, 32] }, { path: 'model.dropout', values: [0.5, 0, 0.2] }], design: 'factorial' });
  const u = expandSweep(c);
  assert.equal(u.length, 6);
  assert.deepEqual(u.map((x) => x.name), [
    'default', 'model.dropout=0', 'model.dropout=0.2', 'training.batchSize=32', 'training.batchSize=32__model.dropout=0', 'training.batchSize=32__model.dropout=0.2',
  ]);
  assert.deepEqual(u[4].settings, { 'training.batchSize': 32, 'model.dropout': 0 });
  assert.equal(u[4].config.training.batchSize, 32);
  assert.equal(u[4].config.model.dropout, 0);
});

test('one-at-a-time without axes is the default universe alone; a value equal to the default is not a second universe', () => {
  assert.deepEqual(expandSweep(paper()).map((x) => x.name), ['default']);
  const u = expandSweep(withSweep({ sweep: [{ path: 'training.learningRate', values: [1e-3, 0.001, 3e-3] }] }));
  assert.deepEqual(u.map((x) => x.name), ['default', 'training.learningRate=0.003']);
});

test('names: arrays joined by +, the empty array as none, unsafe characters replaced', () => {
  assert.equal(universeName({}), 'default');
  assert.equal(universeName({ 'data.drop': [] }), 'data.drop=none');
  assert.equal(universeName({ 'data.drop': ['a b', 'c/d'] }), 'data.drop=a_b+c_d');
  assert.equal(universeName({ 'model.hidden': [64, 32], 'training.restoreBest': false }), 'model.hidden=64+32__training.restoreBest=false');
});

test('bad sweeps: one clear error each', () => {
  const bad = (sweep: unknown, pattern: RegExp) =>
    assert.throws(() => expandSweep(withSweep({ sweep } as Partial<Config>)), (e: unknown) => e instanceof SolhError && pattern.test(e.message));
  bad([{ path: 'grid.seeds', values: [[0]] }], /not a protocol setting/);
  bad([{ path: 'training.batchsize', values: [32] }], /names no setting/);
  bad([{ path: 'training.batchSize', values: [32] }, { path: 'training.batchSize', values: [16] }], /twice/);
  bad([{ path: 'training.batchSize', values: [0] }], /universe training\.batchSize=0: training\.batchSize/);
  bad([{ path: '__proto__.x', values: [1] }], /not a setting/);
  assert.throws(() => checkConfig({ ...structuredClone(paper()), design: 'random' }, 'test'), /design: must be one of/);
  assert.throws(() => checkConfig({ ...structuredClone(paper()), data: { ...paper().data, scaling: 'robust' } }, 'test'), /data\.scaling: must be one of "z-score", "min-max", "none"/);
});

test('data.scaling defaults to z-score and is in the protocol', () => {
  const c = paper();
  assert.equal(c.data.scaling, 'z-score');
  const m = structuredClone(c);
  m.data.scaling = 'min-max';
  assert.notEqual(configHash(c, 'x'), configHash(m, 'x'));
});

test('any declared setting can be an axis, also one the config leaves out; its value that changes nothing is the default universe', () => {
  // configs/paper.json has no evaluation.tauOn (absent means train, which the protocol leaves out).
  assert.equal(paper().evaluation.tauOn, undefined);
  const u = expandSweep(withSweep({ sweep: [{ path: 'evaluation.tauOn', values: ['train', 'validation'] }, { path: 'data.positive', values: ['1'] }] }));
  assert.deepEqual(u.map((x) => x.name), ['default', 'evaluation.tauOn=validation', 'data.positive=1']);
  assert.equal(u[1].config.evaluation.tauOn, 'validation');
  assert.throws(() => expandSweep(withSweep({ sweep: [{ path: 'evaluation.tauOnn', values: ['validation'] }] })), /sweep path "evaluation\.tauOnn" names no setting of the config/);
});
