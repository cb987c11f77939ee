/**
 * The results folder: one JSON record per finished run, written atomically (temporary file, fsync,
 * rename), so that an interrupted run leaves either a whole record or none; or, for lean records,
 * one JSON line per run (lean-store.ts). Reading takes both kinds. Writing needs the folder's lock
 * (lock.ts): whoever writes a results folder holds it.
 */
import { readdirSync, readFileSync, rmSync, accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { SolhError, describeJsonError } from '../errors';
import { RunRecord, recordFileName, RunKey, isRecordFileName, RecordMode, keyId } from '../experiment/record';
import { recordProblem } from './record-schema';
import { makeFolder } from '../experiment/folders';
import { isAlive, Lock } from './lock';
import { LEAN_FILE, appendLean, readLean } from './lean-store';
import { tmpWriter, writeFailure, writeFileAtomic } from './atomic-file';

export interface Corrupted {
  file: string;
  reason: string;
}

export interface StoreContents {
  records: RunRecord[];
  files: string[];
  corrupted: Corrupted[];
  /** JSON files whose names are not record names (a user's notes, an exported table): left alone. */
  ignored: string[];
}

/** Makes sure the folder exists and is writable, and removes temporary files of killed runs. */
export function openStore(dir: string): void {
  const fail = (code: string) => `cannot write to results folder "${dir}" (${code}): choose another with --out`;
  makeFolder(dir, fail);
  try {
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new SolhError(fail((e as NodeJS.ErrnoException).code ?? 'error'));
  }
  for (const f of readdirSync(dir)) {
    const pid = tmpWriter(f);
    if (!Number.isNaN(pid) && !isAlive(pid)) rmSync(join(dir, f), { force: true });
  }
}

/** Writes one record into the locked folder: a file of its own, or a lean line; returns where it went. */
export function writeRecord(lock: Lock, record: RunRecord, mode: RecordMode = 'full'): string {
  if (mode === 'lean') {
    try {
      return appendLean(lock, record);
    } catch (e) {
      throw writeFailure(`the lean record of ${keyId(record.key)} to ${join(lock.dir, LEAN_FILE)}`, e);
    }
  }
  lock.check();
  const name = recordFileName(record.key);
  try {
    writeFileAtomic(lock.dir, name, JSON.stringify(record, null, 1) + '\n');
  } catch (e) {
    throw writeFailure(`record ${join(lock.dir, name)}`, e);
  }
  return name;
}

/** Reads every record of a folder; unreadable or malformed files are listed, not fatal. */
export function readStore(dir: string): StoreContents {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new SolhError(`results folder "${dir}" does not exist or cannot be read: run \`solh run --out ${dir}\` first, or name another folder`);
  }
  const out: StoreContents = { records: [], files: [], corrupted: [], ignored: [] };
  for (const f of names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort()) {
    if (!isRecordFileName(f)) {
      out.ignored.push(f);
      continue;
    }
    let parsed: unknown;
    const text = readFileSync(join(dir, f), 'utf8');
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      out.corrupted.push({ file: f, reason: `not valid JSON (${describeJsonError(e as Error, text)})` });
      continue;
    }
    const problem = recordProblem(parsed);
    if (problem) {
      out.corrupted.push({ file: f, reason: problem });
      continue;
    }
    out.records.push(parsed as RunRecord);
    out.files.push(f);
  }
  const lean = readLean(dir);
  out.records.push(...lean.records);
  out.files.push(...lean.files);
  out.corrupted.push(...lean.corrupted);
  return out;
}

export function sameKey(a: RunKey, b: RunKey): boolean {
  return a.loss === b.loss && a.target === b.target && a.seed === b.seed;
}

/**
 * One line about the corrupted records of a folder and what to do: the first file by name, and
 * how many more.
 */
export function describeCorrupted(dir: string, corrupted: Corrupted[]): string {
  const [f] = corrupted;
  const more = corrupted.length > 1 ? ` and ${corrupted.length - 1} more` : '';
  return `corrupted record ${join(dir, f.file)} (${f.reason})${more}: delete ${corrupted.length > 1 ? 'them' : 'it'}, or redo the runs with \`solh run --force --out ${dir}\``;
}
