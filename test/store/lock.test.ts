/**
 * The lock of a results folder (issue 19, sections 1 and 2): everything that writes a folder holds
 * it, compaction included; it is a lease, refreshed by its holder and stale on any host when it is
 * not; an unreadable lock is named with the fix, and `solh unlock` removes a stale one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { getEventListeners } from 'node:events';
import { loadConfig } from '../../src/experiment/config';
import { runGrid } from '../../src/experiment/runner';
import { LOCK_FILE, LockHolder, STALE_MS, acquireLock, describeHolder, readLock } from '../../src/store/lock';
import { SolhError } from '../../src/errors';
import { solhInProcess } from '../helpers/cli-in-process';
import { assertOneLineError } from '../helpers/one-line';
import { LEAN_FILE, LEAN_GZ } from '../../src/store/lean-store';
import { readStore } from '../../src/store/store';
import { repoRoot, tempDir } from '../helpers/paths';

function tinyConfig(seeds: number) {
  const c = loadConfig(join(repoRoot(), 'configs/paper.json'));
  c.grid.targets = ['f1'];
  c.grid.losses = ['bce'];
  c.grid.seeds = Array.from({ length: seeds }, (_, i) => i);
  c.training.maxEpochs = 1;
  return c;
}

test('a lean grid is compacted by the runner while it holds the lock (a writer waiting for the folder cannot append in between)', async () => {
  const out = join(tempDir(), 'lean');
  let lockSeenAtEveryRecord = true;
  const result = await runGrid({ config: tinyConfig(8), out, jobs: 1, backend: 'wasm', record: 'lean' }, (e) => {
    if (e.type === 'done') lockSeenAtEveryRecord &&= existsSync(join(out, LOCK_FILE));
  });
  assert.equal(result.ran, 8);
  assert.ok(lockSeenAtEveryRecord, 'each record is written under the lock');
  // runGrid returns after releasing the lock: by then the lines must already be compacted.
  assert.deepEqual(readdirSync(out).sort(), [LEAN_GZ], `compacted before the lock went (no ${LEAN_FILE}, no lock)`);
  assert.equal(readStore(out).records.length, 8);
});

// Section 2: the lock is a lease.

const HASH = 'c0ffee00c0ffee00';

function writeLockFile(dir: string, holder: Partial<LockHolder>, ageMs = 0): void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  writeFileSync(path, JSON.stringify({ pid: 4242, host: 'node-7', configHash: HASH, since: new Date(Date.now() - ageMs - 1000).toISOString(), ...holder }) + '\n');
  const t = new Date(Date.now() - ageMs);
  utimesSync(path, t, t);
}

test('an unreadable lock (garbage, empty, a directory) is one SolhError at once naming the file and `solh unlock DIR`', async () => {
  const cases: [string, (p: string) => void, RegExp][] = [
    ['garbage', (p) => writeFileSync(p, 'not a lock\n'), /not JSON/],
    ['empty', (p) => writeFileSync(p, ''), /empty/],
    ['directory', (p) => mkdirSync(p), /directory/],
    ['other JSON', (p) => writeFileSync(p, '{"owner":"me"}'), /does not name a pid/],
  ];
  for (const [what, make, why] of cases) {
    const dir = tempDir();
    make(join(dir, LOCK_FILE));
    const started = Date.now();
    await assert.rejects(
      acquireLock(dir, HASH, { signal: AbortSignal.timeout(3000) }),
      (e: unknown) => e instanceof SolhError && why.test(e.message) && e.message.includes(`solh unlock ${dir}`) && e.message.includes(join(dir, LOCK_FILE)) && !e.message.includes('\n'),
      what,
    );
    assert.ok(Date.now() - started < 1000, `${what}: at once, not after a wait`);
  }
});

test('a lock not refreshed for the stale time is taken over whatever host wrote it, and the taking over is reported', async () => {
  const dir = tempDir();
  writeLockFile(dir, { host: 'node-that-died' }, STALE_MS + 5_000);
  const taken: string[] = [];
  const lock = await acquireLock(dir, HASH, { signal: AbortSignal.timeout(3000), onTakeOver: (h, why) => taken.push(`${h.host} ${why}`) });
  assert.ok(lock, 'acquired, not left waiting');
  assert.match(taken[0], /^node-that-died not refreshed for 6\d s \(stale after 60 s\)$/);
  assert.equal(readLock(dir)!.pid, process.pid);
  lock.release();
});

test('a lock of this host whose pid now belongs to another live process is stale once it is not refreshed', async () => {
  const dir = tempDir();
  // The test runner (our parent) is alive but is not a solh writer; its "lock" was last touched long ago.
  writeLockFile(dir, { host: hostname(), pid: process.ppid }, STALE_MS + 1_000);
  const lock = await acquireLock(dir, HASH, { signal: AbortSignal.timeout(3000) });
  assert.ok(lock);
  lock.release();
});

test('a fresh lock of the same protocol is waited for, named with holder, host and age, without a listener per poll', async () => {
  const dir = tempDir();
  writeLockFile(dir, { since: new Date(Date.now() - 95_000).toISOString() }, 2_000);
  const controller = new AbortController();
  const seen: string[] = [];
  const waiting = acquireLock(dir, HASH, { signal: controller.signal, pollMs: 2, onWait: (h) => seen.push(describeHolder(h)) });
  await new Promise((r) => setTimeout(r, 300)); // about a hundred polls
  assert.ok(getEventListeners(controller.signal, 'abort').length <= 1, `listeners on the signal: ${getEventListeners(controller.signal, 'abort').length}`);
  assert.deepEqual(seen.length, 1);
  assert.match(seen[0], /^pid 4242 on node-7 \(holding it for 9\d s, last refreshed [23] s ago\)$/);
  controller.abort();
  assert.equal(await waiting, undefined, 'aborting ends the wait');
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
});

test('the holder refreshes its lock; a holder stopped past the stale time loses the folder and writes nothing more', async () => {
  const dir = tempDir();
  const path = join(dir, LOCK_FILE);
  const a = (await acquireLock(dir, HASH, { refreshMs: 20 }))!;
  const old = new Date(Date.now() - 30_000);
  utimesSync(path, old, old);
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(Date.now() - statSync(path).mtimeMs < 2_000, 'refreshed');
  a.release();
  // A holder that does not refresh (stopped, or its node cut off) past the stale time.
  const b = (await acquireLock(dir, HASH, { refreshMs: 3_600_000 }))!;
  utimesSync(path, new Date(Date.now() - STALE_MS - 1_000), new Date(Date.now() - STALE_MS - 1_000));
  const c = (await acquireLock(dir, HASH, { signal: AbortSignal.timeout(3000) }))!;
  assert.ok(c);
  assert.throws(() => b.check(), (e: unknown) => e instanceof SolhError && /no longer holds the lock of results folder .*: pid \d+ on .* holds it now; nothing more is written/.test(e.message));
  b.release(); // must not remove c's lock
  assert.ok(existsSync(path));
  c.check();
  c.release();
  assert.ok(!existsSync(path));
});

test('solh unlock DIR removes a stale or unreadable lock, and refuses a live one naming its holder', async () => {
  const dir = tempDir();
  let r = await solhInProcess(['unlock', dir]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^no lock in .*: nothing to remove\n$/);
  writeLockFile(dir, {}, 1_000);
  const before = readFileSync(join(dir, LOCK_FILE), 'utf8');
  r = await solhInProcess(['unlock', dir]);
  assertOneLineError(r, /the lock of results folder .* is live: pid 4242 on node-7 \(holding it for \d+ s, last refreshed 1 s ago\); it is not removed; stop that process first, or wait: a lock not refreshed for 60 s is stale/, 'live');
  assert.equal(readFileSync(join(dir, LOCK_FILE), 'utf8'), before);
  writeLockFile(dir, {}, STALE_MS + 10_000);
  r = await solhInProcess(['unlock', dir]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^removed the stale lock of pid 4242 on node-7 from .* \(not refreshed for 70 s/);
  assert.ok(!existsSync(join(dir, LOCK_FILE)));
  mkdirSync(join(dir, LOCK_FILE));
  r = await solhInProcess(['unlock', dir]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^removed .*\.solh-lock, which no solh process wrote \(it is a directory, not a file\)/);
  assert.ok(!existsSync(join(dir, LOCK_FILE)));
});
