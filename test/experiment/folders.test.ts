/** Output folders made one level at a time: parents made, existing folders kept, impossible paths refused at once. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeFolder } from '../../src/experiment/folders';
import { SolhError } from '../../src/errors';
import { tempDir } from '../helpers/paths';

const fail = (code: string) => `cannot make the folder (${code})`;

test('makes the folder and every missing parent; an existing folder is left as it is', () => {
  const root = tempDir();
  const deep = join(root, 'a', 'b', 'c');
  makeFolder(deep, fail);
  assert.ok(statSync(deep).isDirectory());
  writeFileSync(join(deep, 'keep'), 'x');
  makeFolder(deep, fail);
  assert.ok(statSync(join(deep, 'keep')).isFile(), 'nothing inside is touched');
  mkdirSync(join(root, 'made'));
  makeFolder(join(root, 'made'), fail);
});

test('a file in the way is ENOTDIR, whether it is the folder itself or a parent', () => {
  const root = tempDir();
  writeFileSync(join(root, 'file'), 'x');
  for (const p of [join(root, 'file'), join(root, 'file', 'below')]) {
    assert.throws(() => makeFolder(p, fail), (e: Error) => e instanceof SolhError && e.message === 'cannot make the folder (ENOTDIR)');
  }
});

test('a path under /proc fails at once with the system\'s reason (recursive mkdir would spin)', { skip: process.platform !== 'linux' }, () => {
  const t0 = Date.now();
  assert.throws(() => makeFolder('/proc/solh-test/a/b', fail), (e: Error) => e instanceof SolhError && /^cannot make the folder \(E[A-Z]+\)$/.test(e.message));
  assert.ok(Date.now() - t0 < 1000, 'within a second');
});
