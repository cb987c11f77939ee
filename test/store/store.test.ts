/**
 * The results store under faults: a record that cannot be written is a SolhError and leaves no
 * temporary file; temporary files of dead processes are removed on open, those of a live one kept.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, writeRecord, readStore, describeCorrupted } from '../../src/store/store';
import { SolhError } from '../../src/errors';
import type { RunRecord } from '../../src/experiment/record';
import { repoRoot, tempDir } from '../helpers/paths';
import { holdFolder } from '../helpers/lock';

const sample = (): RunRecord => JSON.parse(readFileSync(join(repoRoot(), 'results/paper/any__bce__seed0.json'), 'utf8'));

test('a record that cannot be written is a one-line SolhError naming the file, and no temporary file is left', async () => {
  const dir = tempDir();
  const lock = await holdFolder(dir, sample().configHash);
  const blocked = join(dir, 'f1__bce__seed0.json');
  const rec = { ...sample(), key: { loss: 'bce', target: 'f1', seed: 0 } };
  // A folder where the record should go makes the final rename fail after the temporary file is written.
  openStore(blocked);
  writeFileSync(join(blocked, 'x'), 'x');
  assert.throws(() => writeRecord(lock, rec), (e: unknown) => e instanceof SolhError && /^cannot write record .*f1__bce__seed0\.json \(E[A-Z]+\): .*--out/.test(e.message) && !e.message.includes('\n'));
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.tmp-')), []);
  // The folder gone from under the writer (its lock with it): nothing is written, and the line says why.
  const gone = join(dir, 'gone');
  const goneLock = await holdFolder(gone, rec.configHash);
  rmSync(gone, { recursive: true });
  assert.throws(() => writeRecord(goneLock, rec), (e: unknown) => e instanceof SolhError && /no longer holds the lock of results folder .*gone/.test(e.message));
  assert.ok(!existsSync(gone));
});

test('opening a store removes temporary files of dead processes and keeps those of a live one', () => {
  const dir = tempDir();
  const dead = `.tmp-99999999-any__bce__seed0.json`;
  const live = `.tmp-${process.pid}-any__bce__seed1.json`;
  writeFileSync(join(dir, dead), '{"half');
  writeFileSync(join(dir, live), '{"half');
  openStore(dir);
  assert.ok(!existsSync(join(dir, dead)));
  assert.ok(existsSync(join(dir, live)));
  assert.deepEqual(readStore(dir), { records: [], files: [], corrupted: [], ignored: [], duplicates: [] }, 'temporary files are never read as records');
});

test('corrupted records are described in one line: the first by name, how many more, and the fix', () => {
  const one = describeCorrupted('runs/x', [{ file: 'a.json', reason: 'not valid JSON' }]);
  assert.equal(one, 'corrupted record runs/x/a.json (not valid JSON): run `solh repair runs/x` to keep every good record and set the damaged one aside, then the same command to redo what was dropped');
  const three = describeCorrupted('runs/x', ['a', 'b', 'c'].map((f) => ({ file: `${f}.json`, reason: 'missing key' })));
  assert.match(three, /^corrupted record runs\/x\/a\.json \(missing key\) and 2 more: run `solh repair runs\/x` to keep every good record and set the damaged ones aside/);
});
