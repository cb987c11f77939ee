/**
 * One writer per results folder. `solh run` and `solh merge` hold a lock file naming their process
 * id and protocol while they write; a second writer of another protocol is refused, one of the same
 * protocol waits and then resumes, so that no run is trained twice and no record is lost. A lock
 * whose process is gone (killed, machine restarted) is stale and taken over.
 */
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { SolhError } from '../errors';
import { TMP_PREFIX, writeFailure } from './atomic-file';

/** Dot-named and not .json: never read as a record. */
export const LOCK_FILE = '.solh-lock';

export interface LockHolder {
  pid: number;
  host: string;
  configHash: string;
  since: string;
}

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

export function readLock(dir: string): LockHolder | undefined {
  return readHolder(join(dir, LOCK_FILE));
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return typeof h.pid === 'number' ? h : undefined;
  } catch {
    return undefined;
  }
}

/** A lock of another machine (a shared file system) is never judged stale: its pid means nothing here. */
function stale(h: LockHolder | undefined): boolean {
  return h !== undefined && h.host === hostname() && !isAlive(h.pid);
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

/** Moves a stale lock aside and deletes it, unless another writer replaced it in the meantime. */
function takeOver(dir: string, seen: LockHolder): void {
  const aside = join(dir, `${TMP_PREFIX}${process.pid}-stale-lock`);
  try {
    renameSync(join(dir, LOCK_FILE), aside);
  } catch {
    return; // someone else moved it
  }
  const moved = readHolder(aside);
  if (moved && moved.pid !== seen.pid && !stale(moved)) {
    try {
      linkSync(aside, join(dir, LOCK_FILE)); // a live writer's fresh lock: put it back
    } catch {
      /* a third writer holds the folder now; the live one notices nothing */
    }
  }
  rmSync(aside, { force: true });
}

export interface LockOptions {
  /** Called once when the folder is held by a writer of the same protocol and we wait for it. */
  onWait?: (holder: LockHolder) => void;
  /** Aborting stops the wait; acquire then returns undefined. */
  signal?: AbortSignal;
  /** How often the lock is looked at while waiting. */
  pollMs?: number;
}

/**
 * Takes the folder's lock for a writer of protocol `configHash`. Another live writer of a different
 * protocol: a SolhError naming it. Of the same protocol: waits until it is done.
 */
export async function acquireLock(dir: string, configHash: string, o: LockOptions = {}): Promise<Lock | undefined> {
  const me: LockHolder = { pid: process.pid, host: hostname(), configHash, since: new Date().toISOString() };
  let waited = false;
  for (;;) {
    if (o.signal?.aborted) return undefined;
    if (tryCreate(dir, me)) break;
    const holder = readLock(dir);
    if (holder === undefined) {
      // Unreadable: being replaced right now; look again shortly.
    } else if (stale(holder)) {
      takeOver(dir, holder);
      continue;
    } else if (holder.configHash !== configHash) {
      throw new SolhError(
        `results folder ${dir} is being written by another solh process (pid ${holder.pid} on ${holder.host}, config hash ${holder.configHash}, since ${holder.since}) with another protocol: wait for it to finish, or use another --out folder`,
      );
    } else if (!waited) {
      waited = true;
      o.onWait?.(holder);
    }
    await new Promise<void>((r) => {
      const t = setTimeout(r, o.pollMs ?? 200);
      o.signal?.addEventListener('abort', () => (clearTimeout(t), r()), { once: true });
    });
  }
  let released = false;
  const check = () => {
    const h = readLock(dir);
    if (released || !h || h.pid !== me.pid || h.host !== me.host || h.since !== me.since) {
      throw new SolhError(`solh no longer holds the lock of results folder ${dir}${h ? ` (pid ${h.pid} on ${h.host} holds it now)` : ''}: nothing more is written; run the same command again to resume`);
    }
  };
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    const h = readLock(dir);
    if (h && h.pid === process.pid) rmSync(join(dir, LOCK_FILE), { force: true });
  };
  // Also on an uncaught error: the lock would otherwise stay until the next writer finds it stale.
  process.on('exit', release);
  return { dir, check, release };
}
