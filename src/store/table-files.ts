/**
 * E(p) tables kept on disk between processes: a grid's score losses read up to eight tables that
 * take ~1 s of a core to build, the same numbers every run. A file holds one table's four float32
 * columns as built, under a name made of the table's key and a fingerprint of the code that builds
 * it (the checksum of the solh-losses core bundle, which holds the quadrature, the steps and the
 * distributions); any change to that code gives new names, so a file is never read by other code.
 * Each file carries the checksum of its numbers and is read only when they match; it is written to
 * a temporary name and renamed, so a reader sees a whole file or none. The cache is an optimisation
 * only: any failure to read or write it (no such folder, a full disk, a read-only home) falls back
 * to building, silently.
 *
 * Folder: $SOLH_CACHE_DIR, else $XDG_CACHE_HOME/solh, else ~/.cache/solh; SOLH_CACHE_DIR=off
 * turns the cache off.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { ExpectationTable } from 'solh-losses/core';

const MAGIC = 'solh-table/1\n';

/** The folder of the table files, or undefined when the cache is off. */
export function tableCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const set = env.SOLH_CACHE_DIR;
  if (set === 'off') return undefined;
  if (set) return set;
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'solh');
}

let fingerprint: string | undefined;
/** Checksum of the code that builds tables (the core bundle, which has no imports of its own). */
function codeFingerprint(): string {
  fingerprint ??= createHash('sha256').update(readFileSync(require.resolve('solh-losses/core'))).digest('hex').slice(0, 16);
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
 * undefined when there is no whole, matching file.
 */
export function readTableFile(dir: string, key: string, size: number): ExpectationTable | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, fileName(key)));
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
  const col = (i: number) => new Float32Array(shared.buffer, 4 * size * i, size);
  return { size, e: col(0), eStep: col(1), de: col(2), deStep: col(3) };
}

/** Writes the table of `key` into the cache folder (whole or not at all); failures are ignored. */
export function writeTableFile(dir: string, key: string, table: ExpectationTable): void {
  const name = fileName(key);
  const tmp = join(dir, `.${name}.${process.pid}.${threadId}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    const payload = Buffer.concat(columns(table).map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
    writeFileSync(tmp, Buffer.concat([header(key, table.size), checksum(payload), payload]));
    renameSync(tmp, join(dir, name));
    removeStale(dir);
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      /* the folder cannot be written at all */
    }
  }
}

/** Tables written by other code (another fingerprint) are never read again: they go. */
function removeStale(dir: string): void {
  const mine = `${codeFingerprint()}-`;
  for (const f of readdirSync(dir)) {
    if (f.endsWith('.table') && !f.startsWith(mine)) rmSync(join(dir, f), { force: true });
  }
}
