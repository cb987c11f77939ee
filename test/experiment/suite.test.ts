/** A suite's task is the base config with the task's data section: the same protocol (and hash) as a hand-written config of that data. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadConfig, configHash } from '../../src/experiment/config';
import { loadSuite, suiteTasks, checkTask } from '../../src/experiment/suite';
import { dataChecksum } from '../../src/experiment/prepare';
import { repoRoot } from '../helpers/paths';

test('each task of configs/benchmark-mini.json hashes as configs/pima.json, configs/penguins.json and configs/paper.json do', () => {
  const root = repoRoot();
  const suite = loadSuite(join(root, 'configs/benchmark-mini.json'));
  assert.equal(suite.seeds, 10);
  const base = loadConfig(suite.base);
  const tasks = suiteTasks(suite, base, 3);
  assert.deepEqual(tasks.map((t) => t.name), ['actg175', 'pima', 'penguins']);
  const byName = Object.fromEntries(tasks.map((t) => [t.name, t]));
  for (const [name, file] of [['actg175', 'paper.json'], ['pima', 'pima.json'], ['penguins', 'penguins.json']]) {
    const hand = loadConfig(join(root, 'configs', file));
    const t = byName[name];
    assert.deepEqual(t.config.grid, { ...hand.grid, seeds: [0, 1, 2] }, name);
    const sha = dataChecksum(t.config.data.path);
    assert.equal(sha, t.sha256, `${name}: the suite's sha256 is the file's`);
    assert.equal(configHash(t.config, sha), configHash(hand, dataChecksum(hand.data.path)), name);
    assert.deepEqual(checkTask(t), { status: 'ok' });
  }
});

test('a suite file that cannot be read: the loader names the path, not a CLI flag (the CLI adds --suite)', () => {
  assert.throws(() => loadSuite(join(repoRoot(), 'configs', 'no-such-suite.json')), /^SolhError: cannot read suite file ".*no-such-suite\.json": check the path$/);
});
