/**
 * Composable configs: `extends` names a base config (relative to the file), the file's settings are
 * laid over it (objects merged, arrays and values replaced), and the result validates and hashes as
 * the same settings written out in full. The committed configs are written this way, so the last
 * test holds each of them to the hash its committed records carry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadConfig, checkConfig, configHash, mergeSettings, readConfigFile, Config } from '../../src/experiment/config';
import { expandSweep } from '../../src/experiment/sweep';
import { dataChecksum } from '../../src/experiment/prepare';
import { SolhError } from '../../src/errors';
import { repoRoot, tempDir } from '../helpers/paths';
import { solhInProcess } from '../helpers/cli-in-process';
import { assertOneLineError } from '../helpers/one-line';

const paperText = () => readFileSync(join(repoRoot(), 'configs/paper.json'), 'utf8');
const write = (path: string, value: unknown) => writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
const FAKE_SHA = 'ab'.repeat(32);

test('mergeSettings: objects merge key by key at every depth, arrays and values replace, neither input changes', () => {
  const base = { a: { b: 1, c: [1, 2, 3], d: { e: 'x', f: 'y' } }, g: [{ h: 1 }], k: 1 };
  const over = { a: { c: [9], d: { f: 'z' } }, g: [], n: null };
  const before = JSON.stringify(base);
  assert.deepEqual(mergeSettings(base, over), { a: { b: 1, c: [9], d: { e: 'x', f: 'z' } }, g: [], k: 1, n: null });
  assert.equal(JSON.stringify(base), before);
  // An object over a value, and a value over an object, replace whole.
  assert.deepEqual(mergeSettings({ a: 1, b: { c: 1 } }, { a: { x: 1 }, b: 2 }), { a: { x: 1 }, b: 2 });
  // A JSON key "__proto__" stays an own key (for the schema to refuse), and no prototype changes.
  const merged = mergeSettings({ a: {} }, JSON.parse('{"a": {"__proto__": {"polluted": 1}}}'));
  assert.ok(Object.hasOwn(merged.a as object, '__proto__'));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf(merged.a), Object.prototype);
});

test('extends: the base is found beside the file (not the working folder), chains resolve, the nearest file wins', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'variants'));
  write(join(dir, 'base.json'), paperText());
  write(join(dir, 'variants', 'fast.json'), {
    $comment: 'fast',
    extends: '../base.json',
    training: { learningRate: 0.003 },
    grid: { seeds: [5] },
  });
  write(join(dir, 'variants', 'fast-glorot.json'), { extends: 'fast.json', model: { init: 'glorot' }, data: { drop: ['time'] } });
  const c = loadConfig(join(dir, 'variants', 'fast-glorot.json'));
  const paper = JSON.parse(paperText());
  // Settings of each level, and everything else from the base.
  assert.equal(c.model.init, 'glorot');
  assert.deepEqual(c.model.hidden, [32, 16]);
  assert.equal(c.training.learningRate, 0.003);
  assert.equal(c.training.batchSize, 64);
  assert.equal(c.training.patience, 7);
  assert.deepEqual(c.grid.seeds, [5], 'an array replaces the base array, it is not merged into it');
  assert.deepEqual(c.grid.losses, paper.grid.losses);
  assert.deepEqual(c.data.drop, ['time']);
  assert.equal(c.data.label, 'cid');
  assert.equal((c as unknown as Record<string, unknown>).$comment, 'fast', 'the nearest $comment');
  assert.ok(!Object.hasOwn(c, 'extends'));
  assert.ok(!Object.hasOwn(readConfigFile(join(dir, 'variants', 'fast-glorot.json')), 'extends'));
});

test('extends: a config and the same settings written out in full have one hash and one config', () => {
  const dir = tempDir();
  write(join(dir, 'base.json'), paperText());
  write(join(dir, 'child.json'), { extends: 'base.json', loss: { delta: 0.2 }, grid: { seeds: [0, 1] } });
  const full = JSON.parse(paperText());
  full.loss.delta = 0.2;
  full.grid.seeds = [0, 1];
  write(join(dir, 'full.json'), full);
  const child = loadConfig(join(dir, 'child.json'));
  const written = loadConfig(join(dir, 'full.json'));
  assert.deepEqual(child, written);
  assert.equal(configHash(child, FAKE_SHA), configHash(written, FAKE_SHA));
  // And the change is in the hash: the base alone hashes otherwise.
  assert.notEqual(configHash(child, FAKE_SHA), configHash(loadConfig(join(dir, 'base.json')), FAKE_SHA));
});

test('extends: a circle of configs is one error naming the circle', () => {
  const dir = tempDir();
  write(join(dir, 'a.json'), { extends: 'b.json', model: { init: 'glorot' } });
  write(join(dir, 'b.json'), { extends: 'a.json', grid: { seeds: [1] } });
  write(join(dir, 'self.json'), { extends: './self.json' });
  assert.throws(() => loadConfig(join(dir, 'a.json')), (e: Error) => e instanceof SolhError && /extends goes round in a circle \(\S*a\.json → \S*b\.json → \S*a\.json\)/.test(e.message));
  assert.throws(() => loadConfig(join(dir, 'self.json')), (e: Error) => e instanceof SolhError && /circle \(\S*self\.json → \S*self\.json\)/.test(e.message));
});

test('extends: a base that cannot be read, is not a path or is not an object is one error naming the file', () => {
  const dir = tempDir();
  write(join(dir, 'missing.json'), { extends: 'nope.json', grid: { seeds: [1] } });
  write(join(dir, 'number.json'), { extends: 3 });
  write(join(dir, 'list.json'), '[1, 2]');
  write(join(dir, 'onlist.json'), { extends: 'list.json' });
  write(join(dir, 'broken.json'), '{ "data": ');
  write(join(dir, 'onbroken.json'), { extends: 'broken.json' });
  const cases: [string, RegExp][] = [
    ['missing.json', /config \S*missing\.json: extends names \S*nope\.json, which cannot be read: give a path relative to that config's folder/],
    ['number.json', /number\.json: extends must be the path of another config file/],
    ['onlist.json', /onlist\.json: its base \S*list\.json is not a JSON object of settings/],
    ['onbroken.json', /config \S*broken\.json is not valid JSON/],
  ];
  for (const [file, pattern] of cases) {
    assert.throws(() => loadConfig(join(dir, file)), (e: Error) => e instanceof SolhError && pattern.test(e.message) && !e.message.includes('\n'), file);
  }
  // extends belongs to files: an object handed to checkConfig with it is refused, not ignored.
  assert.throws(() => checkConfig({ ...JSON.parse(paperText()), extends: 'paper.json' }, 'x'), /extends is resolved when a config file is read/);
});

test('solh run with a circle of configs or a missing base: one line, exit 2', async () => {
  const dir = tempDir();
  write(join(dir, 'a.json'), { extends: 'b.json' });
  write(join(dir, 'b.json'), { extends: 'a.json' });
  write(join(dir, 'c.json'), { extends: 'gone/paper.json' });
  assertOneLineError(await solhInProcess(['run', '--config', join(dir, 'a.json'), '--out', join(dir, 'out')]), /goes round in a circle/, 'circle');
  assertOneLineError(await solhInProcess(['run', '--config', join(dir, 'c.json'), '--out', join(dir, 'out')]), /extends names \S*gone\/paper\.json, which cannot be read/, 'missing base');
  assert.ok(!existsSync(join(dir, 'out')), 'no results folder');
});

/** The configHash of one committed record of a results folder (a record file, or the first lean line). */
function committedHash(dir: string): string {
  const files = readdirSync(dir);
  const record = files.find((f) => /__seed\d+\.json$/.test(f));
  if (record) return (JSON.parse(readFileSync(join(dir, record), 'utf8')) as { configHash: string }).configHash;
  const lean = files.includes('records.jsonl.gz') ? gunzipSync(readFileSync(join(dir, 'records.jsonl.gz'))).toString('utf8') : readFileSync(join(dir, 'records.jsonl'), 'utf8');
  return (JSON.parse(lean.slice(0, lean.indexOf('\n'))) as { configHash: string }).configHash;
}

// Which committed folder each config made (as scripts/regenerate-results.sh runs them); a sweep's
// universes are the subfolders of its folder.
const MADE_BY: Record<string, string> = {
  'paper.json': 'paper',
  'paper-30seeds.json': 'paper-30',
  'paper-glorot.json': 'paper-glorot-30',
  'paper-no-leak.json': 'paper-no-leak',
  'pima.json': 'pima',
  'penguins.json': 'penguins',
  'multiverse.json': 'multiverse',
};

test('every committed config hashes as its committed records say (extends changed no hash)', () => {
  const root = repoRoot();
  // Benchmark suites (a base config and tasks) are not configs: test/project/benchmark-suite.test.ts checks them.
  const configs = readdirSync(join(root, 'configs')).filter((f) => f.endsWith('.json') && !('tasks' in JSON.parse(readFileSync(join(root, 'configs', f), 'utf8')))).sort();
  assert.deepEqual(configs, Object.keys(MADE_BY).sort(), 'each config has its results folder here');
  const checked: string[] = [];
  for (const file of configs) {
    const c: Config = loadConfig(join(root, 'configs', file));
    const sha = dataChecksum(c.data.path);
    const folder = join(root, 'results', MADE_BY[file]);
    const universes = c.sweep ? expandSweep(c, file).map((u) => ({ config: u.config, dir: join(folder, u.name) })) : [{ config: c, dir: folder }];
    for (const u of universes) {
      assert.equal(configHash(u.config, sha), committedHash(u.dir), `${file} → ${u.dir}`);
      checked.push(u.dir);
    }
  }
  // 6 plain configs and the multiverse's 14 universes: every committed folder of records.
  assert.equal(checked.length, 6 + 14);
});
