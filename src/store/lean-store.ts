/**
 * Lean records of a results folder: one JSON line per run in records.jsonl, each appended whole
 * and fsynced, so that an interrupted run loses at most the line being written, and a failed
 * append (a full disk) is cut back off so the lines before it stay readable. A torn last line
 * (no newline) is ignored on reading and cut off before the next append. Compacting moves the lines
 * into records.jsonl.gz (written atomically, read back and checked before the plain file goes)
 * where gzip pays; a later append starts a new records.jsonl beside it, and reading takes both
 * (for one run, the later line wins). Appending and compacting need the folder's lock.
 */
import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import { RunRecord, runIdentity, toLean } from '../experiment/record';
import { readLeanLine } from './record-schema';
import { syncFolder, writeAllSync, writeFailure, writeFileAtomic } from './atomic-file';
import type { Lock } from './lock';

export const LEAN_FILE = 'records.jsonl';
export const LEAN_GZ = 'records.jsonl.gz';

export interface LeanContents {
  records: RunRecord[];
  /** Where each record came from, e.g. `records.jsonl:3`. */
  files: string[];
  corrupted: { file: string; reason: string }[];
}

/** Cuts a file back to its last newline (a line torn by a killed writer). */
function repairTail(fd: number): void {
  const size = fstatSync(fd).size;
  if (size === 0) return;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  if (last[0] === 0x0a) return;
  const chunk = 1 << 16;
  for (let end = size; end > 0; end -= chunk) {
    const start = Math.max(0, end - chunk);
    const buf = Buffer.alloc(end - start);
    readSync(fd, buf, 0, buf.length, start);
    const i = buf.lastIndexOf(0x0a);
    if (i >= 0) {
      ftruncateSync(fd, start + i + 1);
      return;
    }
  }
  ftruncateSync(fd, 0);
}

/**
 * Appends one record as a lean line to the locked folder; returns the file's name. A line that
 * cannot be written whole is cut off again, so the file ends with the last whole record.
 */
export function appendLean(lock: Lock, record: RunRecord): string {
  lock.check();
  const fd = openSync(join(lock.dir, LEAN_FILE), 'a+');
  try {
    repairTail(fd);
    const before = fstatSync(fd).size;
    try {
      writeAllSync(fd, JSON.stringify(toLean(record)) + '\n');
    } catch (e) {
      try {
        ftruncateSync(fd, before); // needs no space; if it fails, the reader skips the torn line
      } catch {
        /* the torn tail is ignored on reading and cut off by the next append */
      }
      throw e;
    }
  } finally {
    closeSync(fd);
  }
  return LEAN_FILE;
}

function parseLines(text: string, file: string, out: LeanContents, byRun: Map<string, number>, torn: 'ignore' | 'corrupt'): void {
  const lines = text.split('\n');
  const complete = text.endsWith('\n') || text === '';
  lines.forEach((line, i) => {
    if (line === '') return;
    const last = i === lines.length - 1 && !complete;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (e) {
      if (last && torn === 'ignore') return; // torn by a killed writer: that run simply is not recorded
      out.corrupted.push({ file: `${file}:${i + 1}`, reason: `not valid JSON (${(e as Error).message.split('\n')[0]})` });
      return;
    }
    // Any version of the lean format (src/store/record-schema.ts), read as the latest.
    const read = readLeanLine(parsed);
    if ('problem' in read) {
      out.corrupted.push({ file: `${file}:${i + 1}`, reason: read.problem });
      return;
    }
    const r = read.record;
    const name = runIdentity(r);
    const at = byRun.get(name);
    if (at !== undefined) {
      out.records[at] = r;
      out.files[at] = `${file}:${i + 1}`;
    } else {
      byRun.set(name, out.records.length);
      out.records.push(r);
      out.files.push(`${file}:${i + 1}`);
    }
  });
}

/**
 * The text of records.jsonl.gz. With `salvage`, a gzip cut short (or damaged part-way) gives what
 * unpacks before the damage, and the damage is listed; without, a damaged file gives no text.
 */
function gzText(path: string, out: LeanContents, salvage: boolean): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    out.corrupted.push({ file: LEAN_GZ, reason: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
    return undefined;
  }
  try {
    return gunzipSync(bytes).toString('utf8');
  } catch (e) {
    out.corrupted.push({ file: LEAN_GZ, reason: `not readable gzip (${(e as Error).message})` });
  }
  if (!salvage) return undefined;
  try {
    // Z_SYNC_FLUSH: give back what was unpacked when the input ends early, instead of failing.
    const part = gunzipSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8');
    return part.slice(0, part.lastIndexOf('\n') + 1); // whole lines only
  } catch {
    return undefined;
  }
}

/** Every lean record of a folder (none when it has no lean files); `salvage` as in gzText. */
export function readLean(dir: string, o: { salvage?: boolean } = {}): LeanContents {
  const out: LeanContents = { records: [], files: [], corrupted: [] };
  const byRun = new Map<string, number>();
  const gz = join(dir, LEAN_GZ);
  if (existsSync(gz)) {
    const text = gzText(gz, out, o.salvage ?? false);
    // Compaction writes the whole file atomically: a torn line there is damage, not an interruption.
    if (text !== undefined) parseLines(text, LEAN_GZ, out, byRun, 'corrupt');
  }
  const plain = join(dir, LEAN_FILE);
  if (existsSync(plain)) {
    let text: string | undefined;
    try {
      text = readFileSync(plain, 'utf8');
    } catch (e) {
      out.corrupted.push({ file: LEAN_FILE, reason: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
    }
    if (text !== undefined) parseLines(text, LEAN_FILE, out, byRun, 'ignore');
  }
  return out;
}

/** Suffix of a damaged file set aside by repair: not .json, so no reader takes it for records. */
const DAMAGED_SUFFIX = '.damaged';

/** A free name for setting `name` aside: name.damaged, then name.damaged-2, ... */
export function asideName(dir: string, name: string): string {
  for (let k = 1; ; k++) {
    const aside = `${name}${DAMAGED_SUFFIX}${k > 1 ? `-${k}` : ''}`;
    if (!existsSync(join(dir, aside))) return aside;
  }
}

export interface LeanRepair {
  kept: number;
  dropped: { file: string; reason: string }[];
  /** Damaged files kept under another name (original → aside). */
  setAside: [string, string][];
}

/**
 * Keeps every good lean record of the locked folder and drops the damaged lines: the good ones
 * (salvaged from a cut-short gzip too) are written to a new records.jsonl.gz, read back before it
 * replaces anything; the damaged files are kept as *.damaged, not deleted.
 */
export function repairLean(lock: Lock): LeanRepair {
  lock.check();
  const dir = lock.dir;
  const { records, corrupted } = readLean(dir, { salvage: true });
  if (corrupted.length === 0) return { kept: records.length, dropped: [], setAside: [] };
  const damaged = [LEAN_GZ, LEAN_FILE].filter((f) => corrupted.some((c) => c.file === f || c.file.startsWith(`${f}:`)));
  const setAside: [string, string][] = [];
  const text = Buffer.from(records.map((r) => JSON.stringify(toLean(r)) + '\n').join(''));
  try {
    writeFileAtomic(dir, LEAN_GZ, gzipSync(text, { level: 9 }), {
      verify: (tmp) => {
        verifyGzip(tmp, text);
        // Only now, with the good records safe in the new file, are the damaged ones moved aside.
        for (const f of damaged) {
          const aside = asideName(dir, f);
          renameSync(join(dir, f), join(dir, aside));
          setAside.push([f, aside]);
        }
      },
    });
  } catch (e) {
    throw writeFailure(`the repaired lean records ${join(dir, LEAN_GZ)} (nothing was changed)`, e);
  }
  rmSync(join(dir, LEAN_FILE), { force: true }); // its good lines are in the new file; a damaged one is set aside
  syncFolder(dir);
  return { kept: records.length, dropped: corrupted, setAside };
}

/**
 * Moves the lean lines of the locked folder into records.jsonl.gz when gzip at least halves them
 * (it does beyond a few lines); returns whether it did. The new file is read back and compared
 * with what was meant before it replaces the old one, and the plain file goes only after that.
 * Safe to interrupt: the old files stay until the new one is in place, and a run found in both is
 * read once. A write that fails (a full disk) is a SolhError; the records stay where they were.
 */
export function compactLean(lock: Lock): boolean {
  lock.check();
  const dir = lock.dir;
  const plain = join(dir, LEAN_FILE);
  if (!existsSync(plain)) return false;
  const { records, corrupted } = readLean(dir);
  if (corrupted.length) return false; // leave damaged files as they are for the user to see
  const text = Buffer.from(records.map((r) => JSON.stringify(toLean(r)) + '\n').join(''));
  const zipped = gzipSync(text, { level: 9 });
  if (!existsSync(join(dir, LEAN_GZ)) && zipped.length * 2 > statSync(plain).size) return false;
  try {
    writeFileAtomic(dir, LEAN_GZ, zipped, { verify: (tmp) => verifyGzip(tmp, text) });
  } catch (e) {
    throw writeFailure(`the compressed lean records ${join(dir, LEAN_GZ)} (they stay readable in ${LEAN_FILE})`, e);
  }
  rmSync(plain, { force: true });
  syncFolder(dir);
  return true;
}

/** Throws unless the gzip file at `path` unpacks to exactly `text`. */
function verifyGzip(path: string, text: Buffer): void {
  let back: Buffer;
  try {
    back = gunzipSync(readFileSync(path));
  } catch (e) {
    throw Object.assign(new Error(`the written gzip does not unpack (${(e as Error).message})`), { code: 'EIO' });
  }
  if (!back.equals(text)) throw Object.assign(new Error('the written gzip does not unpack to the records'), { code: 'EIO' });
}
