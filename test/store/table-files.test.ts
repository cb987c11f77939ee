/**
 * E(p) tables on disk between processes: a file is read back bit for bit, or not at all (another
 * key or size, a flipped byte, a torn file); writing never fails a run (a folder that cannot be
 * made, a full disk); files of other code go; and a worker's share is read from the files instead
 * of built.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildTable, linearStep, parseDistribution, tableKey, ContinuousDistribution, ExpectationTable } from 'solh-losses/core';
import { readTableFile, tableCacheDir, writeTableFile } from '../../src/store/table-files';
import { buildTableShare } from '../../src/experiment/shared-tables';
import { loadConfig } from '../../src/experiment/config';
import { repoRoot, tempDir } from '../helpers/paths';
import { mountSmallDisk } from '../helpers/small-disk';

const BITS = 6;
const step = linearStep(0.1);
const dist = parseDistribution('cosine(0.5,0.3)') as ContinuousDistribution;
const key = tableKey(step, dist, BITS);
const table = buildTable(step, dist, BITS);

function sameBits(a: ExpectationTable, b: ExpectationTable): void {
  assert.equal(a.size, b.size);
  for (const c of ['e', 'eStep', 'de', 'deStep'] as const) {
    assert.deepEqual(new Uint32Array(a[c].slice().buffer), new Uint32Array(b[c].slice().buffer), c);
  }
}

test('a table written is read back with the same bits, in shared memory; another key or size reads nothing', () => {
  const dir = tempDir();
  writeTableFile(dir, key, table);
  const back = readTableFile(dir, key, 2 ** BITS)!;
  sameBits(back, table);
  assert.ok(back.e.buffer instanceof SharedArrayBuffer);
  assert.equal(readTableFile(dir, tableKey(step, dist, BITS + 1), 2 ** BITS), undefined);
  assert.equal(readTableFile(dir, key, 2 ** (BITS + 1)), undefined);
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.tmp-')), [], 'no temporary file left');
});

test('a file with a flipped byte or cut short is not read', () => {
  const dir = tempDir();
  writeTableFile(dir, key, table);
  const [name] = readdirSync(dir);
  const bytes = readFileSync(join(dir, name));
  const flipped = Buffer.from(bytes);
  flipped[flipped.length - 5] ^= 1;
  writeFileSync(join(dir, name), flipped);
  assert.equal(readTableFile(dir, key, 2 ** BITS), undefined);
  writeFileSync(join(dir, name), bytes.subarray(0, bytes.length - 4));
  assert.equal(readTableFile(dir, key, 2 ** BITS), undefined);
  writeFileSync(join(dir, name), bytes);
  sameBits(readTableFile(dir, key, 2 ** BITS)!, table);
});

test('writing where no folder can be made, or on a full disk, fails silently and leaves no file', (t) => {
  const dir = tempDir();
  writeFileSync(join(dir, 'a-file'), 'x');
  assert.doesNotThrow(() => writeTableFile(join(dir, 'a-file', 'cache'), key, table));
  const disk = mountSmallDisk(16);
  if (typeof disk === 'string') {
    t.diagnostic(disk);
    return;
  }
  try {
    assert.doesNotThrow(() => writeTableFile(disk.dir, tableKey(step, dist, 12), buildTable(step, dist, 12))); // 64 KB on a 16 KB disk
    assert.deepEqual(readdirSync(disk.dir), []);
  } finally {
    disk.unmount();
  }
});

test('a write removes table files of other code unused for a day and temporary files of processes that are gone, and nothing else', () => {
  const dir = tempDir();
  const other = (c: string) => `${c.repeat(16)}-${'a'.repeat(24)}.table`;
  const dayAgo = new Date(Date.now() - 25 * 3600 * 1000);
  writeFileSync(join(dir, other('0')), 'old');
  utimesSync(join(dir, other('0')), dayAgo, dayAgo);
  writeFileSync(join(dir, other('1')), 'another version, in use');
  // Temporary files as the store names them: of a process that is gone, and of this one (a write going on).
  const gone = spawnSync('true').pid!;
  const abandoned = `.tmp-${gone}-${other('2')}`;
  const going = `.tmp-${process.pid}-${other('3')}`;
  writeFileSync(join(dir, abandoned), 'a write whose process was stopped');
  writeFileSync(join(dir, going), 'a write going on');
  for (const f of ['notes.txt', 'other-program.table']) {
    writeFileSync(join(dir, f), 'not ours');
    utimesSync(join(dir, f), dayAgo, dayAgo);
  }
  writeTableFile(dir, key, table);
  const files = readdirSync(dir);
  assert.ok(!files.includes(other('0')));
  assert.ok(!files.includes(abandoned));
  for (const kept of [other('1'), going, 'notes.txt', 'other-program.table']) assert.ok(files.includes(kept), kept);
  assert.equal(files.filter((f) => /^[0-9a-f]{16}-[0-9a-f]{24}\.table$/.test(f)).length, 2);
});

test('the folder: SOLH_CACHE_DIR, else XDG_CACHE_HOME/solh, else ~/.cache/solh, absolute only; "off", or no home, turns the cache off', () => {
  assert.equal(tableCacheDir({ SOLH_CACHE_DIR: '/x/y' }), '/x/y');
  assert.equal(tableCacheDir({ SOLH_CACHE_DIR: 'off' }), undefined);
  assert.equal(tableCacheDir({ XDG_CACHE_HOME: '/c' }), join('/c', 'solh'));
  assert.equal(tableCacheDir({ XDG_CACHE_HOME: 'relative', HOME: '/h' }), join('/h', '.cache', 'solh'));
  assert.equal(tableCacheDir({ HOME: '' }), undefined, 'an empty HOME is not the working folder');
  assert.equal(tableCacheDir({ HOME: 'somewhere' }), undefined);
  assert.match(tableCacheDir({})!, /\.cache[/\\]solh$/);
});

test('a folder that cannot be made under an existing parent (as under /proc) is given up at once', () => {
  const started = Date.now();
  assert.doesNotThrow(() => writeTableFile('/proc/solh-no-such-folder/tables', key, table));
  assert.ok(Date.now() - started < 1000);
});

test("a worker's share is read from the table files rather than built", () => {
  const dir = tempDir();
  const c = loadConfig(join(repoRoot(), 'configs/paper.json'));
  c.grid.losses = ['solh:beta(2,5)'];
  c.loss.tableBits = 5;
  const beta = parseDistribution('beta(2,5)') as ContinuousDistribution;
  const k = tableKey(linearStep(c.loss.delta), beta, 5);
  // Values no quadrature gives: reading them back proves the table came from the file.
  const marked: ExpectationTable = { size: 32, e: new Float32Array(32).fill(7), eStep: new Float32Array(32), de: new Float32Array(32), deStep: new Float32Array(32) };
  writeTableFile(dir, k, marked);
  const [share] = buildTableShare(c, 0, 1, dir);
  assert.equal(share.key, k);
  assert.equal(share.table.e[3], 7);
  // With the cache off the same share of another table is built, and no file is written.
  const other = { ...c, grid: { ...c.grid, losses: ['solh:beta(3,5)'] } };
  const [built] = buildTableShare(other, 0, 1, undefined);
  sameBits(built.table, buildTable(linearStep(c.loss.delta), parseDistribution('beta(3,5)') as ContinuousDistribution, 5));
  assert.equal(readdirSync(dir).length, 1);
  // With a folder, a share built is written there, the same bits as built.
  const fresh = tempDir();
  const third = { ...c, grid: { ...c.grid, losses: ['solh:beta(4,5)'] } };
  const [written] = buildTableShare(third, 0, 1, fresh);
  sameBits(readTableFile(fresh, written.key, 32)!, buildTable(linearStep(c.loss.delta), parseDistribution('beta(4,5)') as ContinuousDistribution, 5));
});
