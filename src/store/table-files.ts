/**
 * E(p) tables kept on disk between processes: a grid's score losses read up to eight tables that
 * take ~1 s of a core to build, the same numbers every run. A file holds one table's four float32
 * columns as built, under a name made of the table's key and a fingerprint of what builds it (the
 * checksum of the solh-losses core bundle, which holds the quadrature, the steps and the
 * distributions, with the V8 version, whose Math functions it calls, and the byte order); any
 * change there gives new names, so a file is never read by other code. Each file carries the
 * checksum of its numbers and is read only when they match; it is written as the results store
 * writes (src/store/atomic-file.ts: a temporary file renamed into place), so a reader sees a whole
 * file or none. The cache is an optimisation only: any failure to
 * find, read or write it (no home folder, a full disk, a read-only folder) falls back to building,
 * silently.
 *
 * Folder: $SOLH_CACHE_DIR, else $XDG_CACHE_HOME/solh, else ~/.cache/solh (absolute paths only:
 * without one, as when HOME is unset, the cache is off); SOLH_CACHE_DIR=off turns it off.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { endianness, homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { ExpectationTable } from 'solh-losses/core';
import { makeFolder } from '../experiment/folders';
import { tmpWriter, writeFileAtomic } from './atomic-file';
import { isAlive } from './lock';

const MAGIC = 'solh-table/1\n';
/** A table file (of any code): 16 hex digits of fingerprint, 24 of key. Nothing else in the folder is touched. */
const TABLE_FILE = /^[0-9a-f]{16}-[0-9a-f]{24}\.table$/;
/** Table files of other code unused this long are removed (two versions in use keep each other's). */
const UNUSED_MS = 24 * 3600 * 1000;

/** The folder of the table files, or undefined when the cache is off. */
export function tableCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const set = env.SOLH_CACHE_DIR;
  if (set === 'off') return undefined;
  if (set) return set;
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return join(env.XDG_CACHE_HOME, 'solh');
  let home: string;
  try {
    home = env.HOME ?? homedir(); // homedir() throws for a user without a home entry
  } catch {
    return undefined;
  }
  return isAbsolute(home) ? join(home, '.cache', 'solh') : undefined;
}

let fingerprint: string | undefined;
/** Checksum of what builds tables: the core bundle (which has no imports of its own), V8, the byte order. */
function codeFingerprint(): string {
  fingerprint ??= createHash('sha256')
    .update(readFileSync(require.resolve('solh-losses/core')))
    .update(`\n${process.versions.v8}\n${endianness()}`)
    .digest('hex')
    .slice(0, 16);
  return fingerprint;
}

function fileName(key: string): string {
  return `${codeFingerprint()}-${createHash('sha256').update(key).digest('hex').slice(0, 24)}.table`;
}

/** Header: magic, key, size; then the checksum of the numbers; then E, its steps, dE/dp, its steps. */
function header(key: string, size: number): Buffer {
  return Buffer.from(`${MAGIC}${JSON.stringify({ key, size })}\n`);
}

function columns(t: ExpectationTable): Float32Array[] {
  return [t.e, t.eStep, t.de, t.deStep];
}

function checksum(payload: Uint8Array): Buffer {
  return createHash('sha256').update(payload).digest();
}

/**
 * The table of `key` from the cache folder, its columns in shared memory (for worker threads), or
 * undefined when there is no whole, matching file. A file read is marked used (its times set to now).
 */
export function readTableFile(dir: string, key: string, size: number): ExpectationTable | undefined {
  const path = join(dir, fileName(key));
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  const head = header(key, size);
  const payloadBytes = 4 * 4 * size;
  if (bytes.length !== head.length + 32 + payloadBytes || !bytes.subarray(0, head.length).equals(head)) return undefined;
  const payload = bytes.subarray(head.length + 32);
  if (!checksum(payload).equals(bytes.subarray(head.length, head.length + 32))) return undefined;
  const shared = new Uint8Array(new SharedArrayBuffer(payloadBytes));
  shared.set(payload);
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    /* a read-only folder: the file is used all the same */
  }
  const col = (i: number) => new Float32Array(shared.buffer, 4 * size * i, size);
  return { size, e: col(0), eStep: col(1), de: col(2), deStep: col(3) };
}

/** Writes the table of `key` into the cache folder, as the store writes a file (whole or not at all); failures are ignored. */
export function writeTableFile(dir: string, key: string, table: ExpectationTable): void {
  try {
    // One level at a time: Node 20's recursive mkdir spins forever under /proc (src/experiment/folders.ts).
    makeFolder(dir, (code) => `cannot make the table folder ${dir} (${code})`);
    const payload = Buffer.concat(columns(table).map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
    writeFileAtomic(dir, fileName(key), Buffer.concat([header(key, table.size), checksum(payload), payload]));
    removeStale(dir);
  } catch {
    /* the cache is an optimisation: the table was built and is used all the same */
  }
}

/**
 * Table files of other code (another fingerprint) not used for a day, and the temporary files of
 * table writes whose process is gone (as openStore clears a results folder's), are removed; any
 * other file in the folder is left alone.
 */
function removeStale(dir: string): void {
  const mine = `${codeFingerprint()}-`;
  const now = Date.now();
  for (const f of readdirSync(dir)) {
    try {
      const pid = tmpWriter(f);
      if (!Number.isNaN(pid)) {
        if (f.endsWith('.table') && !isAlive(pid)) rmSync(join(dir, f), { force: true });
      } else if (TABLE_FILE.test(f) && !f.startsWith(mine) && now - statSync(join(dir, f)).mtimeMs > UNUSED_MS) {
        rmSync(join(dir, f), { force: true });
      }
    } catch {
      /* gone already, or not ours to remove */
    }
  }
}
