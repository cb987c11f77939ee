/** Lean records: appended lines, a torn last line ignored and repaired, gzip compaction, one reader with full records. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { appendFileSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { appendLean, compactLean, readLean, LEAN_FILE, LEAN_GZ } from '../../src/store/lean-store';
import { readStore, writeRecord } from '../../src/store/store';
import { toLean, comparable } from '../../src/experiment/record';
import { checkAgainst } from '../../src/report/check';
import { fakeRecord } from '../helpers/records';
import { tempDir } from '../helpers/paths';
import { holdFolder } from '../helpers/lock';

test('a lean line keeps key, protocol, hash, status, epochs and every score, and drops history and curves', async () => {
  const r = fakeRecord('solh:uniform', 'f1', 3, 0.7);
  const l = toLean(r) as unknown as Record<string, unknown>;
  assert.equal(l.format, 'solh-lean/2');
  for (const k of ['key', 'protocol', 'configHash', 'status', 'epochsRun', 'bestEpoch', 'evaluation', 'backend']) assert.deepEqual(l[k], (r as unknown as Record<string, unknown>)[k], k);
  assert.ok(!('history' in l) && !('curves' in l));
  const dir = tempDir();
  writeRecord(await holdFolder(dir), r, 'lean');
  const [back] = readStore(dir).records;
  assert.equal(back.lean, true);
  assert.deepEqual(back.evaluation, r.evaluation);
  assert.deepEqual(back.history, { trainLoss: [], validationLoss: [] });
});

test('a torn last line is ignored on reading and cut off by the next append; a damaged middle line is reported', async () => {
  const dir = tempDir();
  const lock = await holdFolder(dir);
  appendLean(lock, fakeRecord('bce', null, 0, 0.5));
  appendLean(lock, fakeRecord('bce', null, 1, 0.5));
  const file = join(dir, LEAN_FILE);
  const whole = readFileSync(file, 'utf8');
  // A writer killed mid-line: half of a third line, no newline.
  appendFileSync(file, JSON.stringify(toLean(fakeRecord('bce', null, 2, 0.5))).slice(0, 100));
  let s = readStore(dir);
  assert.deepEqual(s.records.map((r) => r.key.seed), [0, 1]);
  assert.deepEqual(s.corrupted, []);
  appendLean(lock, fakeRecord('bce', null, 2, 0.5));
  assert.ok(readFileSync(file, 'utf8').startsWith(whole));
  assert.equal(readFileSync(file, 'utf8').split('\n').length, 4); // three lines and the final newline
  s = readStore(dir);
  assert.deepEqual(s.records.map((r) => r.key.seed), [0, 1, 2]);
  // A line in the middle that is not JSON is damage, not an interruption.
  const lines = readFileSync(file, 'utf8').split('\n');
  lines[1] = lines[1].slice(0, 50);
  writeFileSync(file, lines.join('\n'));
  s = readStore(dir);
  assert.deepEqual(s.records.map((r) => r.key.seed), [0, 2]);
  assert.equal(s.corrupted.length, 1);
  assert.match(s.corrupted[0].file, /^records\.jsonl:2$/);
});

test('compaction gzips the lines atomically where it pays; later appends and reruns are read beside it', async () => {
  const dir = tempDir();
  const lock = await holdFolder(dir);
  for (let seed = 0; seed < 20; seed++) appendLean(lock, fakeRecord('solh:uniform', 'f1', seed, 0.6 + seed / 100));
  const before = readLean(dir).records;
  const plainSize = statSync(join(dir, LEAN_FILE)).size;
  assert.equal(compactLean(lock), true);
  assert.ok(!existsSync(join(dir, LEAN_FILE)));
  assert.ok(statSync(join(dir, LEAN_GZ)).size * 2 <= plainSize);
  assert.equal(gunzipSync(readFileSync(join(dir, LEAN_GZ))).toString().split('\n').length, 21);
  assert.deepEqual(readLean(dir).records.map(comparable), before.map(comparable));
  // A rerun of seed 3 after compaction: the later line wins, and it is one run, not two.
  appendLean(lock, fakeRecord('solh:uniform', 'f1', 3, 0.99));
  const after = readStore(dir).records;
  assert.equal(after.length, 20);
  assert.equal(after.find((r) => r.key.seed === 3)!.evaluation.f1.testAtThreshold, 0.99);
  assert.equal(compactLean(lock), true);
  assert.equal(readStore(dir).records.find((r) => r.key.seed === 3)!.evaluation.f1.testAtThreshold, 0.99);
  lock.release();
  assert.deepEqual(readdirSync(dir), [LEAN_GZ]);
  // One line does not pay: it stays plain.
  const one = await holdFolder(tempDir());
  appendLean(one, fakeRecord('bce', null, 0, 0.5));
  assert.equal(compactLean(one), false);
});

test('one folder may hold full and lean records; check compares a full record with a lean one on what the lean keeps', async () => {
  const dir = tempDir();
  const lock = await holdFolder(dir);
  const full = fakeRecord('bce', null, 0, 0.5);
  writeRecord(lock, full);
  writeRecord(lock, fakeRecord('bce', null, 1, 0.5), 'lean');
  const s = readStore(dir);
  assert.deepEqual(s.records.map((r) => [r.key.seed, Boolean(r.lean)]), [[0, false], [1, true]]);
  const leanDir = tempDir();
  writeRecord(await holdFolder(leanDir), full, 'lean');
  const same = checkAgainst(readStore(leanDir).records, [full], 0);
  assert.equal(same.drifts.length, 0);
  const moved = fakeRecord('bce', null, 0, 0.51);
  const drift = checkAgainst(readStore(leanDir).records, [moved], 0);
  assert.equal(drift.drifts[0].field, 'evaluation.f1.testAtThreshold');
});

test('a lean line with fields of the wrong type is named by file and line, as a record file would be', async () => {
  const dir = tempDir();
  appendLean(await holdFolder(dir), fakeRecord('bce', null, 0, 0.5));
  const wrong = toLean(fakeRecord('bce', null, 1, 0.5)) as unknown as { epochsRun: unknown; evaluation: { f1: { testAtThreshold: unknown } } };
  wrong.epochsRun = '2';
  appendFileSync(join(dir, LEAN_FILE), JSON.stringify(wrong) + '\n');
  const s = readStore(dir);
  assert.deepEqual(s.records.map((r) => r.key.seed), [0]);
  assert.equal(s.corrupted.length, 1);
  assert.equal(s.corrupted[0].file, `${LEAN_FILE}:2`);
  assert.match(s.corrupted[0].reason, /epochsRun must be integer \(it is "2"\)/);
  wrong.epochsRun = 10;
  wrong.evaluation.f1.testAtThreshold = '0.5';
  writeFileSync(join(dir, LEAN_FILE), JSON.stringify(wrong) + '\n');
  assert.match(readStore(dir).corrupted[0].reason, /evaluation\.f1\.testAtThreshold must be number/);
});
