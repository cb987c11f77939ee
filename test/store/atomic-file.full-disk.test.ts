/**
 * Writes that cannot lose data (issue 19, section 1), with the disk acted out: a write(2) that
 * writes fewer bytes than asked, then ENOSPC, as a filling disk does. Every write loops until all
 * bytes are down; a failed write leaves nothing half-written in place and keeps every record
 * written before it; compaction reads its gzip back before the plain file goes. The real full disk
 * (a small tmpfs) is tested through the CLI in test/e2e/full-disk.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { storeIo, writeFileAtomic } from '../../src/store/atomic-file';
import { compactLean, LEAN_FILE, LEAN_GZ } from '../../src/store/lean-store';
import { readStore, writeRecord } from '../../src/store/store';
import { SolhError } from '../../src/errors';
import { fakeRecord } from '../helpers/records';
import { tempDir } from '../helpers/paths';
import { holdFolder } from '../helpers/lock';

type WriteSync = typeof storeIo.writeSync;

/** Runs `f` with storeIo.writeSync replaced, and puts the real one back whatever happens. */
function withWrite<T>(fake: (real: WriteSync) => WriteSync, f: () => T): T {
  const real = storeIo.writeSync;
  storeIo.writeSync = fake(real);
  try {
    return f();
  } finally {
    storeIo.writeSync = real;
  }
}

/** A disk with `room` bytes left: writes at most 7 bytes a call (short writes), then ENOSPC. */
const fillingDisk = (room: number) => (real: WriteSync): WriteSync => {
  let left = room;
  return (fd, data, offset, length) => {
    if (left <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const n = real(fd, data, offset, Math.min(length, 7, left));
    left -= n;
    return n;
  };
};

const noTemporaryFiles = (dir: string) => assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.tmp-')), [], 'no temporary file is left');

test('a write that the system cuts short is continued until every byte is written', () => {
  const dir = tempDir();
  const text = 'x'.repeat(10_000) + '\n';
  withWrite(fillingDisk(Infinity), () => writeFileAtomic(dir, 'a.txt', text));
  assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), text);
  noTemporaryFiles(dir);
});

test('a write that writes nothing is an ENOSPC error, not an endless loop', () => {
  const dir = tempDir();
  assert.throws(
    () => withWrite(() => () => 0, () => writeFileAtomic(dir, 'a.txt', 'abc')),
    (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOSPC',
  );
  assert.deepEqual(readdirSync(dir), [], 'nothing renamed into place, no temporary file');
});

test('full records: the disk filling mid-record is one SolhError naming ENOSPC; that record is not in place, the earlier ones are whole', async () => {
  const dir = tempDir();
  const lock = await holdFolder(dir);
  for (let seed = 0; seed < 3; seed++) writeRecord(lock, fakeRecord('bce', null, seed, 0.5));
  const before = readStore(dir);
  assert.throws(
    () => withWrite(fillingDisk(500), () => writeRecord(lock, fakeRecord('bce', null, 3, 0.5))),
    (e: unknown) => e instanceof SolhError && /^cannot write record .*any__bce__seed3\.json \(ENOSPC: the disk is full\): the records written before it are kept; free disk space .*--out, then run the same command to resume$/.test(e.message),
  );
  assert.ok(!existsSync(join(dir, 'any__bce__seed3.json')), 'the torn record is not renamed into place');
  noTemporaryFiles(dir);
  const after = readStore(dir);
  assert.deepEqual(after.corrupted, []);
  assert.deepEqual(after.records, before.records);
  lock.release();
});

test('lean records: an append cut off by a full disk is taken back; every earlier line stays readable and the next append is whole', async () => {
  const dir = tempDir();
  const lock = await holdFolder(dir);
  for (let seed = 0; seed < 3; seed++) writeRecord(lock, fakeRecord('bce', null, seed, 0.5), 'lean');
  const bytes = readFileSync(join(dir, LEAN_FILE));
  assert.throws(
    () => withWrite(fillingDisk(300), () => writeRecord(lock, fakeRecord('bce', null, 3, 0.5), 'lean')),
    (e: unknown) => e instanceof SolhError && /^cannot write the lean record of any bce seed 3 to .*records\.jsonl \(ENOSPC: the disk is full\): the records written before it are kept/.test(e.message),
  );
  assert.deepEqual(readFileSync(join(dir, LEAN_FILE)), bytes, 'the partial line is cut off again');
  const s = readStore(dir);
  assert.deepEqual(s.corrupted, []);
  assert.deepEqual(s.records.map((r) => r.key.seed), [0, 1, 2]);
  writeRecord(lock, fakeRecord('bce', null, 3, 0.5), 'lean');
  assert.deepEqual(readStore(dir).records.map((r) => r.key.seed), [0, 1, 2, 3]);
  lock.release();
});

test('compaction on a full disk is a SolhError; the plain lines stay, readable, and no gzip is put in place', async () => {
  const dir = tempDir();
  const lock = await holdFolder(dir);
  for (let seed = 0; seed < 20; seed++) writeRecord(lock, fakeRecord('solh:uniform', 'f1', seed, 0.5 + seed / 100), 'lean');
  const bytes = readFileSync(join(dir, LEAN_FILE));
  assert.throws(
    () => withWrite(fillingDisk(100), () => compactLean(lock)),
    (e: unknown) => e instanceof SolhError && /^cannot write the compressed lean records .*records\.jsonl\.gz \(they stay readable in records\.jsonl\) \(ENOSPC: the disk is full\)/.test(e.message),
  );
  assert.deepEqual(readdirSync(dir).filter((f) => f !== '.solh-lock'), [LEAN_FILE]);
  assert.deepEqual(readFileSync(join(dir, LEAN_FILE)), bytes);
  assert.equal(readStore(dir).records.length, 20);
  lock.release();
});

test('compaction reads its gzip back before the plain file goes: a disk that drops bytes silently loses nothing', async () => {
  const dir = tempDir();
  const lock = await holdFolder(dir);
  for (let seed = 0; seed < 20; seed++) writeRecord(lock, fakeRecord('solh:uniform', 'f1', seed, 0.5 + seed / 100), 'lean');
  assert.equal(compactLean(lock), true);
  const gz = readFileSync(join(dir, LEAN_GZ));
  for (let seed = 20; seed < 40; seed++) writeRecord(lock, fakeRecord('solh:uniform', 'f1', seed, 0.5), 'lean');
  const plain = readFileSync(join(dir, LEAN_FILE));
  // Says it wrote everything, but the last 16 bytes never reach the disk.
  const lying = (real: WriteSync): WriteSync => (fd, data, offset, length) => (real(fd, data, offset, Math.max(0, length - 16)), length);
  assert.throws(() => withWrite(lying, () => compactLean(lock)), (e: unknown) => e instanceof SolhError && /records\.jsonl\.gz .*\(EIO: /.test(e.message));
  assert.deepEqual(readFileSync(join(dir, LEAN_GZ)), gz, 'the earlier gzip is left as it was');
  assert.deepEqual(readFileSync(join(dir, LEAN_FILE)), plain, 'the plain lines are left as they were');
  noTemporaryFiles(dir);
  assert.deepEqual(readStore(dir).records.map((r) => r.key.seed), Array.from({ length: 40 }, (_, i) => i));
  // With an honest disk the same compaction goes through and holds all 40.
  assert.equal(compactLean(lock), true);
  assert.equal(gunzipSync(readFileSync(join(dir, LEAN_GZ))).toString().trim().split('\n').length, 40);
  lock.release();
});

test('the store writes only under the folder\'s lock: a writer whose lock was taken over writes nothing', async () => {
  const dir = tempDir();
  const lock = await holdFolder(dir);
  for (let seed = 0; seed < 20; seed++) writeRecord(lock, fakeRecord('bce', null, seed, 0.5), 'lean');
  const plain = readFileSync(join(dir, LEAN_FILE));
  lock.release();
  // Another writer holds the folder now (its lock file); the released lock must not compact or append.
  const other = await holdFolder(dir);
  assert.throws(() => compactLean(lock), (e: unknown) => e instanceof SolhError && /no longer holds the lock of results folder/.test(e.message));
  assert.throws(() => writeRecord(lock, fakeRecord('bce', null, 20, 0.5), 'lean'), /no longer holds the lock/);
  assert.throws(() => writeRecord(lock, fakeRecord('bce', null, 21, 0.5)), /no longer holds the lock/);
  assert.deepEqual(readFileSync(join(dir, LEAN_FILE)), plain);
  assert.ok(!existsSync(join(dir, LEAN_GZ)));
  other.release();
});
