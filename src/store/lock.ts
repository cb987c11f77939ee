/**
 * One writer per results folder, as a lease. `solh run`, `solh merge` and `solh sweep` hold a lock
 * file naming their process id, host and protocol while they write, and refresh its mtime every
 * few seconds. A second writer of another protocol is refused; one of the same protocol waits and
 * then resumes, so that no run is trained twice and no record is lost. A lock not refreshed for
 * STALE_MS is stale on any host (its holder died, or the node it ran on did), as is one of this
 * host whose process is gone; a stale lock is taken over. `solh unlock DIR` removes a stale or
 * unreadable lock by hand. The hosts sharing a folder must agree on the time to within STALE_MS.
 */
import { linkSync, readFileSync, renameSync, rmSync, rmdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { SolhError } from '../errors';
import { TMP_PREFIX, writeFailure } from './atomic-file';

/** Dot-named and not .json: never read as a record. */
export const LOCK_FILE = '.solh-lock';
/** How often the holder refreshes its lock. */
const REFRESH_MS = 5_000;
/** A lock not refreshed for this long is stale, whoever holds it. */
export const STALE_MS = 60_000;

export interface LockHolder {
  pid: number;
  host: string;
  configHash: string;
  since: string;
  /** Tells apart two locks of one process taken within the same millisecond. */
  id?: string;
}

/** A lock file as found: its holder and when it was last refreshed. */
export interface SeenLock extends LockHolder {
  refreshedMs: number;
}

/** What is at the lock's path. */
type Found = { kind: 'none' } | { kind: 'lock'; lock: SeenLock } | { kind: 'unreadable'; why: string; refreshedMs: number };

export interface Lock {
  /** The results folder held. */
  readonly dir: string;
  /** Throws a SolhError unless this process still holds the folder (writers call it before each write). */
  check(): void;
  release(): void;
}

/** Whether a process id is running on this machine (EPERM: it runs under another user). */
export function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inspect(path: string): Found {
  let refreshedMs: number;
  let text: string;
  try {
    const st = statSync(path);
    refreshedMs = st.mtimeMs;
    if (!st.isFile()) return { kind: 'unreadable', why: 'it is a directory, not a file', refreshedMs };
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'unreadable', why: `it cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, refreshedMs: 0 };
  }
  if (text.trim() === '') return { kind: 'unreadable', why: 'it is empty', refreshedMs };
  let h: Partial<LockHolder>;
  try {
    h = JSON.parse(text);
  } catch {
    return { kind: 'unreadable', why: 'it is not JSON', refreshedMs };
  }
  if (!h || typeof h.pid !== 'number' || typeof h.host !== 'string' || typeof h.configHash !== 'string' || typeof h.since !== 'string') {
    return { kind: 'unreadable', why: 'it does not name a pid, host, config hash and start time', refreshedMs };
  }
  return { kind: 'lock', lock: { pid: h.pid, host: h.host, configHash: h.configHash, since: h.since, id: typeof h.id === 'string' ? h.id : undefined, refreshedMs } };
}

/** The folder's lock, or undefined when there is none or it is unreadable. */
export function readLock(dir: string): SeenLock | undefined {
  const f = inspect(join(dir, LOCK_FILE));
  return f.kind === 'lock' ? f.lock : undefined;
}

const seconds = (ms: number) => `${Math.max(0, Math.round(ms / 1000))} s`;

/** Why a lock is stale, or undefined when its holder may still be writing. */
function staleness(l: SeenLock, now = Date.now(), staleMs = STALE_MS): string | undefined {
  if (now - l.refreshedMs > staleMs) return `not refreshed for ${seconds(now - l.refreshedMs)} (stale after ${seconds(staleMs)})`;
  if (l.host === hostname() && !isAlive(l.pid)) return `its process ${l.pid} is gone`;
  return undefined;
}

/** "holding it for 75 s, last refreshed 2 s ago" */
function holderAge(l: SeenLock, now: number): string {
  const since = Date.parse(l.since);
  return `${Number.isFinite(since) ? `holding it for ${seconds(now - since)}, ` : ''}last refreshed ${seconds(now - l.refreshedMs)} ago`;
}

/** "pid 12 on node-3 (holding it for 75 s, last refreshed 2 s ago)": who holds a folder, where, and how lately. */
export function describeHolder(l: SeenLock, now = Date.now()): string {
  return `pid ${l.pid} on ${l.host} (${holderAge(l, now)})`;
}

const sameHolder = (a: LockHolder, b: LockHolder) => a.pid === b.pid && a.host === b.host && a.since === b.since && a.id === b.id;

function unreadableLock(dir: string, why: string): SolhError {
  return new SolhError(`results folder ${dir} has a lock file ${join(dir, LOCK_FILE)} that no solh process wrote (${why}): remove it with \`solh unlock ${dir}\`, then run the same command again`);
}

/** Creates the lock file whole (written aside, then hard-linked: linking fails if the name exists). */
function tryCreate(dir: string, me: LockHolder): boolean {
  const tmp = join(dir, `${TMP_PREFIX}${process.pid}-lock`);
  try {
    writeFileSync(tmp, JSON.stringify(me) + '\n');
    linkSync(tmp, join(dir, LOCK_FILE));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw writeFailure(`the lock file ${join(dir, LOCK_FILE)}`, e);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Moves the stale lock `seen` aside and deletes it, unless another writer replaced it in the
 * meantime (then that one is put back). Returns whether `seen` was removed.
 */
function takeOver(dir: string, seen: SeenLock, staleMs: number): boolean {
  const aside = join(dir, `${TMP_PREFIX}${process.pid}-stale-lock`);
  try {
    renameSync(join(dir, LOCK_FILE), aside);
  } catch {
    return false; // someone else moved it
  }
  const moved = inspect(aside);
  const removed = moved.kind === 'lock' && (sameHolder(moved.lock, seen) || staleness(moved.lock, Date.now(), staleMs) !== undefined);
  if (!removed && moved.kind === 'lock') {
    try {
      linkSync(aside, join(dir, LOCK_FILE)); // a live writer's fresh lock: put it back
    } catch {
      /* a third writer holds the folder now; the live one notices at its next check */
    }
  }
  rmSync(aside, { force: true });
  return removed;
}

export interface LockOptions {
  /** Called once when the folder is held by a live writer of the same protocol and we wait for it. */
  onWait?: (holder: SeenLock) => void;
  /** Called when a stale lock is taken over, with the reason it was stale. */
  onTakeOver?: (holder: SeenLock, why: string) => void;
  /** Aborting stops the wait; acquire then returns undefined. */
  signal?: AbortSignal;
  /** How often the lock is looked at while waiting. */
  pollMs?: number;
  /** How often the held lock is refreshed (tests shorten it). */
  refreshMs?: number;
  /** After how long without a refresh a lock is stale (tests shorten it; every writer of a folder must agree). */
  staleMs?: number;
}

/** Waits `ms`, or less if `signal` aborts; the one listener it adds is removed either way. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Takes the folder's lock for a writer of protocol `configHash`. Another live writer of a different
 * protocol: a SolhError naming it. Of the same protocol: waits until it is done. A lock file no
 * solh wrote: a SolhError naming `solh unlock`.
 */
export async function acquireLock(dir: string, configHash: string, o: LockOptions = {}): Promise<Lock | undefined> {
  const me: LockHolder = { pid: process.pid, host: hostname(), configHash, since: new Date().toISOString(), id: randomBytes(6).toString('hex') };
  const staleMs = o.staleMs ?? STALE_MS;
  const path = join(dir, LOCK_FILE);
  let waited = false;
  for (;;) {
    if (o.signal?.aborted) return undefined;
    if (tryCreate(dir, me)) break;
    const found = inspect(path);
    if (found.kind === 'unreadable') throw unreadableLock(dir, found.why);
    if (found.kind === 'lock') {
      const holder = found.lock;
      const why = staleness(holder, Date.now(), staleMs);
      if (why !== undefined) {
        if (takeOver(dir, holder, staleMs)) o.onTakeOver?.(holder, why);
        continue;
      }
      if (holder.configHash !== configHash) {
        throw new SolhError(
          `results folder ${dir} is being written by another solh process (pid ${holder.pid} on ${holder.host}, config hash ${holder.configHash}, ${holderAge(holder, Date.now())}) with another protocol: wait for it to finish, or use another --out folder`,
        );
      }
      if (!waited) {
        waited = true;
        o.onWait?.(holder);
      }
    } // none: the holder let go a moment ago; try again at once
    if (found.kind === 'lock') await pause(o.pollMs ?? 200, o.signal);
  }
  return holdLease(dir, me, o.refreshMs ?? REFRESH_MS);
}

/** The held lock: refreshed on a timer while it is ours, removed on release or exit. */
function holdLease(dir: string, me: LockHolder, refreshMs: number): Lock {
  const path = join(dir, LOCK_FILE);
  let released = false;
  const ours = (): boolean => {
    const found = inspect(path);
    return found.kind === 'lock' && sameHolder(found.lock, me);
  };
  const refresh = () => {
    if (!ours()) return clearInterval(timer); // taken over (we were stopped too long): check() says so
    const now = new Date();
    try {
      utimesSync(path, now, now);
    } catch {
      /* gone between the look and the touch: check() says so */
    }
  };
  // unref: the lease alone must not keep a finished process alive.
  const timer = setInterval(refresh, refreshMs).unref();
  const check = () => {
    if (released || !ours()) {
      const now = readLock(dir);
      throw new SolhError(
        `solh no longer holds the lock of results folder ${dir}${now ? `: ${describeHolder(now)} holds it now` : ''}; nothing more is written; run the same command again to resume`,
      );
    }
  };
  const release = () => {
    if (released) return;
    released = true;
    clearInterval(timer);
    process.removeListener('exit', release);
    if (ours()) rmSync(path, { force: true });
  };
  // Also on an uncaught error: the lock would otherwise stay until the next writer finds it stale.
  process.on('exit', release);
  return { dir, check, release };
}

/** What `solh unlock` did. */
export type Unlocked = { kind: 'none' } | { kind: 'stale'; holder: SeenLock; why: string } | { kind: 'unreadable'; why: string };

/**
 * Removes the folder's lock if it is stale or unreadable (no solh process holds such a lock); a
 * live lock is a SolhError naming its holder.
 */
export function unlockIfStale(dir: string, staleMs = STALE_MS): Unlocked {
  const path = join(dir, LOCK_FILE);
  const found = inspect(path);
  if (found.kind === 'none') return found;
  if (found.kind === 'unreadable') {
    try {
      if (found.why.includes('directory')) rmdirSync(path);
      else rmSync(path, { force: true });
    } catch (e) {
      throw new SolhError(`cannot remove ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'}): it is not a solh lock; remove it yourself`);
    }
    return { kind: 'unreadable', why: found.why };
  }
  const why = staleness(found.lock, Date.now(), staleMs);
  if (why === undefined) {
    throw new SolhError(
      `the lock of results folder ${dir} is live: ${describeHolder(found.lock)}; it is not removed; stop that process first, or wait: a lock not refreshed for ${seconds(staleMs)} is stale and taken over by the next writer`,
    );
  }
  takeOver(dir, found.lock, staleMs);
  return { kind: 'stale', holder: found.lock, why };
}
