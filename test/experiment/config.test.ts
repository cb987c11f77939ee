/** The protocol config: the shipped one is valid and says what docs/method.md §3 says; bad ones are named errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { loadConfig, checkConfig, configHash, protocolOf, NOT_PROTOCOL, CONFIG_SCHEMA } from '../../src/experiment/config';
import { configFromFlags } from '../../src/cli/settings';
import { parseParam } from '../../src/cli/params';
import { planRuns } from '../../src/experiment/grid';
import { dataChecksum } from '../../src/experiment/prepare';
import { SolhError } from '../../src/errors';
import { repoRoot, tempDir } from '../helpers/paths';

const paper = () => loadConfig(join(repoRoot(), 'configs/paper.json'));

test('configs/paper.json holds the protocol of docs/method.md §3', () => {
  const c = paper();
  assert.deepEqual(c.split, { train: 0.64, validation: 0.16, test: 0.2 });
  assert.deepEqual(c.model, { architecture: 'mlp', hidden: [32, 16], dropout: 0.5, init: 'pytorch' });
  assert.deepEqual(c.training, {
    learningRate: 0.001, batchSize: 64, maxEpochs: 500, patience: 7, minDelta: 0.0001, restoreBest: true,
    beta1: 0.9, beta2: 0.999, epsilon: 1e-8, kernel: 'fused',
  });
  assert.deepEqual(c.loss, { delta: 0.1, kernel: 'fused', tableBits: 17 });
  assert.equal(c.evaluation.threshold, 0.5);
  assert.equal(c.data.label, 'cid');
  assert.deepEqual(c.grid.seeds, [0, 1, 2]);
  assert.deepEqual(c.grid.targets, ['accuracy', 'f1']);
  assert.equal(c.grid.losses.length, 10);
});

test('the paper grid is 57 runs: BCE once per seed, 9 score losses × 2 targets × 3 seeds', () => {
  const keys = planRuns(paper());
  assert.equal(keys.length, 57);
  assert.equal(keys.filter((k) => k.loss === 'bce').length, 3);
  assert.ok(keys.filter((k) => k.loss === 'bce').every((k) => k.target === null));
  assert.equal(new Set(keys.map((k) => `${k.loss}|${k.target}|${k.seed}`)).size, 57);
});

test('bad configs are SolhErrors that name the setting', () => {
  const base = () => JSON.parse(JSON.stringify(paper()));
  const cases: [(c: any) => void, RegExp][] = [
    [(c) => (c.training.learningRat = 1), /unknown key "learningRat"/],
    [(c) => (c.extra = 1), /unknown key "extra"/],
    [(c) => (c.training.batchSize = 0), /training\.batchSize/],
    [(c) => (c.training.maxEpochs = 2.5), /training\.maxEpochs: must be integer/],
    [(c) => (c.grid.seeds = [-1]), /grid\.seeds\.0/],
    [(c) => (c.grid.seeds = [1.5]), /grid\.seeds\.0: must be integer/],
    [(c) => (c.split.test = 0.3), /sum to 1\.1/],
    [(c) => (c.loss.delta = 0.5), /outside \(0, 0\.5\)/],
    [(c) => (c.grid.losses = ['solh:cosine(0.5,0)']), /must be > 0/],
    [(c) => (c.grid.losses = ['hinge']), /unknown loss "hinge"/],
    [(c) => (c.grid.targets = ['auc']), /unknown score "auc"/],
    [(c) => (c.model.dropout = 1), /model\.dropout/],
    [(c) => (c.model.init = 'xavier'), /model\.init: must be one of "pytorch", "glorot"/],
    [(c) => (c.training.kernel = 'gpu'), /training\.kernel: must be one of "fused", "fused-js", "tfjs"/],
    [(c) => (c.model.architecture = 'cnn'), /model\.architecture: must be one of "mlp"/],
    [(c) => (c.loss.kernel = 'fast'), /loss\.kernel: must be one of "fused", "ops"/],
    [(c) => (c.loss.kernel = 'ops'), /loss\.kernel "ops" changes nothing under training\.kernel "fused".*set training\.kernel to "tfjs", or loss\.kernel back to "fused"/],
    [(c) => Object.assign(c.training, { kernel: 'fused-js' }) && (c.loss.kernel = 'ops'), /loss\.kernel "ops" changes nothing under training\.kernel "fused-js"/],
    [(c) => (c.training.beta2 = 1), /training\.beta2/],
    [(c) => (c.training.epsilon = 0), /training\.epsilon/],
    [(c) => (c.loss.tableBits = 30), /loss\.tableBits/],
    [(c) => (c.evaluation.threshold = 1), /evaluation\.threshold/],
  ];
  for (const [mutate, re] of cases) {
    const c = base();
    mutate(c);
    assert.throws(() => checkConfig(c, 'test.json'), (e: unknown) => e instanceof SolhError && re.test((e as Error).message) && !(e as Error).message.includes('\n'), re.source);
  }
  // A setting's error names its config path, not a CLI flag, and carries the path for the CLI to map.
  const delta = base();
  delta.loss.delta = 0.7;
  assert.throws(() => checkConfig(delta, 'test.json'), (e: unknown) => e instanceof SolhError && e.setting === 'loss.delta'
    && /slope δ = 0\.7 is outside \(0, 0\.5\): set loss\.delta to a value such as 0\.1$/.test(e.message) && !e.message.includes('--'));
  // loss.kernel (the loss op's form) is accepted where it matters: under the tfjs training step.
  const ops = base();
  ops.training.kernel = 'tfjs';
  ops.loss.kernel = 'ops';
  assert.equal(checkConfig(ops, 'test.json').loss.kernel, 'ops');
  const dir = tempDir();
  writeFileSync(join(dir, 'bad.json'), '{ "data": ');
  assert.throws(() => loadConfig(join(dir, 'bad.json')), /not valid JSON/);
  // The loader names its own argument, the path; the CLI's message adds --config (test/e2e/errors.test.ts).
  assert.throws(() => loadConfig(join(dir, 'missing.json')), /^SolhError: cannot read config file ".*missing\.json": check the path$/);
});

test('the config hash changes with the protocol and the data, not with the grid', () => {
  const c = paper();
  const h = configHash(c, 'abc');
  const g = JSON.parse(JSON.stringify(c));
  g.grid.seeds = [5];
  assert.equal(configHash(g, 'abc'), h);
  const t = JSON.parse(JSON.stringify(c));
  t.training.learningRate = 0.01;
  assert.notEqual(configHash(t, 'abc'), h);
  assert.notEqual(configHash(c, 'abd'), h);
});

test('specs are made canonical, duplicates refused, and a target with parameters joins the curve scores', () => {
  const c = JSON.parse(JSON.stringify(paper()));
  c.grid.targets = ['F1', 'fbeta(2)'];
  c.grid.losses = ['BCE', 'solh: cosine(0.5, 0.30)'];
  const k = checkConfig(c, 'test.json');
  assert.deepEqual(k.grid.targets, ['f1', 'fbeta(2)']);
  assert.deepEqual(k.grid.losses, ['bce', 'solh:cosine(0.5,0.3)']);
  assert.deepEqual(k.evaluation.curveScores, ['accuracy', 'f1', 'fbeta(2)']);
  const d = JSON.parse(JSON.stringify(paper()));
  d.grid.losses = ['solh:uniform', 'solh: uniform'];
  assert.throws(() => checkConfig(d, 'test.json'), /grid\.losses lists "solh:uniform" twice/);
  const t = JSON.parse(JSON.stringify(paper()));
  t.grid.targets = ['f1', 'F1'];
  assert.throws(() => checkConfig(t, 'test.json'), /grid\.targets lists "f1" twice/);
});

/** Every leaf path of the config schema (objects are walked, arrays and values are leaves). */
function schemaLeaves(schema: any, prefix = ''): string[] {
  if (schema.type !== 'object' || !schema.properties) return [prefix];
  return Object.entries(schema.properties).flatMap(([k, sub]) => schemaLeaves(sub, prefix ? `${prefix}.${k}` : k));
}

test('every config key is in the protocol (and so in the hash and every record) unless declared irrelevant', () => {
  const c = paper();
  const protocol = protocolOf(c) as unknown as Record<string, unknown>;
  const leaves = schemaLeaves(CONFIG_SCHEMA);
  assert.ok(leaves.includes('model.init') && leaves.includes('training.epsilon') && leaves.includes('loss.tableBits'));
  for (const path of leaves) {
    const top = path.split('.')[0];
    if (top in NOT_PROTOCOL) {
      assert.ok(!(top in protocol), `${top} is declared irrelevant but is in the protocol`);
      continue;
    }
    // Optional keys without a default (data.positive) are filled in to be seen.
    const withKey = structuredClone(c) as any;
    const parts = path.split('.');
    let cur = withKey;
    for (const p of parts.slice(0, -1)) cur = cur[p];
    if (cur[parts[parts.length - 1]] === undefined) cur[parts[parts.length - 1]] = '1';
    let got: any = protocolOf(withKey);
    for (const p of parts) got = got?.[p];
    assert.notEqual(got, undefined, `config key ${path} is neither in the protocol nor declared in NOT_PROTOCOL`);
    // And it moves the hash: change the value and the hash must change.
    const changed = structuredClone(withKey);
    let c2 = changed;
    for (const p of parts.slice(0, -1)) c2 = c2[p];
    const last = parts[parts.length - 1];
    c2[last] = typeof c2[last] === 'number' ? c2[last] / 2 : typeof c2[last] === 'boolean' ? !c2[last] : Array.isArray(c2[last]) ? [...c2[last], 'x'] : `${c2[last]}x`;
    if (path === 'data.path') assert.equal(configHash(changed, 'abc'), configHash(withKey, 'abc'), 'the data is hashed by content, not path');
    else assert.notEqual(configHash(changed, 'abc'), configHash(withKey, 'abc'), `changing ${path} must change the hash`);
  }
});

test('a config written before a setting existed loads with its default, and the protocol holds it', () => {
  const raw = JSON.parse(JSON.stringify(paper()));
  delete raw.model.init;
  delete raw.model.architecture;
  delete raw.training.beta1;
  delete raw.training.beta2;
  delete raw.training.epsilon;
  delete raw.training.kernel;
  delete raw.loss.kernel;
  delete raw.loss.tableBits;
  delete raw.evaluation.threshold;
  const c = checkConfig(raw, 'old.json');
  const p = protocolOf(c);
  assert.equal(p.model.init, 'pytorch');
  assert.equal(p.model.architecture, 'mlp');
  assert.deepEqual([p.training.beta1, p.training.beta2, p.training.epsilon, p.training.kernel], [0.9, 0.999, 1e-8, 'fused']);
  assert.deepEqual([p.loss.kernel, p.loss.tableBits, p.evaluation.threshold], ['fused', 17, 0.5]);
  assert.equal(configHash(c, 'abc'), configHash(paper(), 'abc'));
});

test('data.categorical and data.missing: defaults auto and error, checked values, in the record protocol and the hash', () => {
  const c = paper();
  assert.deepEqual([c.data.categorical, c.data.missing], ['auto', 'error']);
  const h = configHash(c, 'abc');
  const variants: [unknown, unknown][] = [['none', 'error'], [['race'], 'error'], ['auto', 'impute'], ['auto', 'drop-rows']];
  const hashes = variants.map(([categorical, missing]) => {
    const v = checkConfig({ ...JSON.parse(JSON.stringify(c)), data: { ...c.data, categorical, missing } }, 'v');
    assert.deepEqual([protocolOf(v).data.categorical, protocolOf(v).data.missing], [categorical, missing]);
    return configHash(v, 'abc');
  });
  assert.equal(new Set([h, ...hashes]).size, 5);
  // A listed set is canonical: order and repeats do not change the hash.
  const listed = (cols: string[]) => configHash(checkConfig({ ...JSON.parse(JSON.stringify(c)), data: { ...c.data, categorical: cols } }, 'v'), 'abc');
  assert.equal(listed(['b', 'a', 'b']), listed(['a', 'b']));
  for (const [categorical, missing, re] of [['some', 'error', /data\.categorical/], ['auto', 'fill', /data\.missing/], [[''], 'error', /data\.categorical/]] as const) {
    assert.throws(() => checkConfig({ ...JSON.parse(JSON.stringify(c)), data: { ...c.data, categorical, missing } }, 'v'), (e: unknown) => e instanceof SolhError && re.test(e.message));
  }
});

test('--categorical and --missing set data.categorical and data.missing', () => {
  // Values as the registry parses the flags' text; configFromFlags lays them over the config and checks it.
  const f = (flags: Record<string, unknown>) => configFromFlags({ config: join(repoRoot(), 'configs/paper.json'), ...flags }, ['categorical', 'missing']).config.data;
  assert.equal(f({ categorical: parseParam('categorical', 'none') }).categorical, 'none');
  assert.deepEqual(f({ categorical: parseParam('categorical', ' race , gender') }).categorical, ['gender', 'race']);
  assert.equal(f({ missing: parseParam('missing', 'impute') }).missing, 'impute');
  assert.throws(() => parseParam('missing', 'guess'), (e: unknown) => e instanceof SolhError && /--missing "guess": choose one of error, drop-rows, impute/.test(e.message));
  assert.throws(() => f({ missing: 'guess' }), (e: unknown) => e instanceof SolhError && /data\.missing/.test(e.message));
});

test('evaluation.tauOn: absent or train leaves the protocol and hash as committed; validation is in both; other values refused', () => {
  const c = paper();
  assert.equal(c.evaluation.tauOn, undefined);
  const dataSha = '4a4cf3d5c4ad0e4bd1fbd6bc10c3e0f5e1e2e1a0f6a3c6e1c5f1b7a7b7d4a9c0';
  const before = configHash(c, dataSha);
  const train = checkConfig({ ...structuredClone(c), evaluation: { ...c.evaluation, tauOn: 'train' } }, 't.json');
  assert.equal(configHash(train, dataSha), before);
  assert.equal('tauOn' in protocolOf(train).evaluation, false);
  const validation = checkConfig({ ...structuredClone(c), evaluation: { ...c.evaluation, tauOn: 'validation' } }, 'v.json');
  assert.notEqual(configHash(validation, dataSha), before);
  assert.equal(protocolOf(validation).evaluation.tauOn, 'validation');
  assert.throws(() => checkConfig({ ...structuredClone(c), evaluation: { ...c.evaluation, tauOn: 'test' } }, 'x.json'), (e: Error) => e instanceof SolhError && /evaluation\.tauOn: must be one of "train", "validation"/.test(e.message));
});

test('the committed results keep their config hashes (pinned from their records)', () => {
  // results/paper and results/multiverse/default hold 85c6ec0915adaa16; configs/multiverse.json now names tauOn: train.
  const c = paper();
  assert.equal(configHash(c, dataChecksum(c.data.path)), '85c6ec0915adaa16');
  const m = loadConfig(join(repoRoot(), 'configs/multiverse.json'));
  assert.equal(m.evaluation.tauOn, 'train');
  delete m.sweep;
  delete m.defaultSeeds;
  assert.equal(configHash(m, dataChecksum(m.data.path)), '85c6ec0915adaa16');
});
