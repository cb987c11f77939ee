/**
 * The results folder: one JSON record per finished run, written atomically (temporary file, fsync,
 * rename), so that an interrupted run leaves either a whole record or none; or, for lean records,
 * one JSON line per run (lean-store.ts). Reading takes both kinds. Writing needs the folder's lock
 * (lock.ts): whoever writes a results folder holds it.
 */
import { readdirSync, readFileSync, renameSync, rmSync, accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { SolhError, describeJsonError } from '../errors';
import { RunRecord, recordFileName, isRecordFileName, RecordMode, keyId, runIdentity } from '../experiment/record';
import { readRecord, recordProblem } from './record-schema';
import { makeFolder } from '../experiment/folders';
import { isAlive, Lock } from './lock';
import { LEAN_FILE, appendLean, asideName, readLean, repairLean } from './lean-store';
import { syncFolder, tmpWriter, writeFailure, writeFileAtomic } from './atomic-file';

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
  /** Runs held more than once (a record file and a lean line, a rerun): read once, the later one kept. */
  duplicates: { run: string; kept: string; dropped: string }[];
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
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') {
      throw new SolhError(`"${dir}" is a file, not a results folder: give the folder \`solh run --out DIR\` or \`solh sweep --out DIR\` wrote`);
    }
    throw new SolhError(`results folder "${dir}" does not exist or cannot be read: run \`solh run --out ${dir}\` first, or name another folder`);
  }
  const found: { record: RunRecord; file: string }[] = [];
  const out: StoreContents = { records: [], files: [], corrupted: [], ignored: [], duplicates: [] };
  for (const f of names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort()) {
    if (!isRecordFileName(f)) {
      out.ignored.push(f);
      continue;
    }
    let parsed: unknown;
    let text: string;
    try {
      text = readFileSync(join(dir, f), 'utf8');
    } catch (e) {
      out.corrupted.push({ file: f, reason: `cannot be read (${unreadableReason(e)})` });
      continue;
    }
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
    const record = readRecord(parsed); // any version, read as the latest
    // A record copied under another run's name would count that run twice, or stand in for it.
    const belongs = recordFileName(record.key);
    if (belongs !== f) {
      out.corrupted.push({ file: f, reason: `it holds ${keyId(record.key)}, whose record file is ${belongs}: rename it to that, or delete it` });
      continue;
    }
    found.push({ record, file: f });
  }
  const lean = readLean(dir);
  lean.records.forEach((record, i) => found.push({ record, file: lean.files[i] }));
  out.corrupted.push(...lean.corrupted);
  keepOnePerRun(found, out);
  return out;
}

/** Why a file of a folder cannot be read, in words where the code alone says little. */
export function unreadableReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'ENOENT: a symbolic link to a file that does not exist';
  if (code === 'ELOOP') return 'ELOOP: a loop of symbolic links';
  if (code === 'EISDIR') return 'EISDIR: a folder';
  return code ?? (e as Error).message;
}

/**
 * One record per run identity (config hash and key): of a record file and a lean line of the same
 * run, the later finished is kept (a rerun with --force), the record file on a tie (it holds more).
 */
function keepOnePerRun(found: { record: RunRecord; file: string }[], out: StoreContents): void {
  const at = new Map<string, number>();
  for (const x of found) {
    const id = runIdentity(x.record);
    const i = at.get(id);
    if (i === undefined) {
      at.set(id, out.records.length);
      out.records.push(x.record);
      out.files.push(x.file);
      continue;
    }
    const later = Date.parse(x.record.run?.finishedAt ?? '') > Date.parse(out.records[i].run?.finishedAt ?? '');
    const [kept, dropped] = later ? [x.file, out.files[i]] : [out.files[i], x.file];
    out.duplicates.push({ run: keyId(x.record.key), kept, dropped });
    if (later) {
      out.records[i] = x.record;
      out.files[i] = x.file;
    }
  }
}

export interface Repair {
  kept: number;
  dropped: Corrupted[];
  setAside: [string, string][];
}

/**
 * `solh repair`: keeps every good record of the locked folder and sets the damaged ones aside
 * (record files and lean files renamed *.damaged, never deleted), so that the same `solh run`
 * redoes only the dropped runs.
 */
export function repairStore(lock: Lock): Repair {
  lock.check();
  const dir = lock.dir;
  const lean = repairLean(lock);
  const before = readStore(dir);
  const files = before.corrupted.filter((c) => isRecordFileName(c.file));
  const setAside: [string, string][] = [...lean.setAside];
  for (const c of files) {
    const aside = asideName(dir, c.file);
    try {
      renameSync(join(dir, c.file), join(dir, aside));
    } catch (e) {
      throw writeFailure(`${join(dir, aside)} (setting the damaged record aside)`, e);
    }
    setAside.push([c.file, aside]);
  }
  syncFolder(dir);
  return { kept: readStore(dir).records.length, dropped: [...lean.dropped, ...files], setAside };
}

/**
 * One line about the corrupted records of a folder and what to do: the first file by name, and
 * how many more.
 */
export function describeCorrupted(dir: string, corrupted: Corrupted[]): string {
  const [f] = corrupted;
  const more = corrupted.length > 1 ? ` and ${corrupted.length - 1} more` : '';
  return `corrupted record ${join(dir, f.file)} (${f.reason})${more}: run \`solh repair ${dir}\` to keep every good record and set the damaged ${corrupted.length > 1 ? 'ones' : 'one'} aside, then the same command to redo what was dropped`;
}
