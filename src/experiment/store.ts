/**
 * The results folder: one JSON record per finished run, written atomically (temporary file, fsync,
 * rename), so that an interrupted run leaves either a whole record or none; or, for lean records,
 * one JSON line per run (lean-store.ts). Reading takes both kinds.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync, accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { SolhError } from '../errors';
import { RunRecord, RECORD_FORMAT, recordFileName, RunKey, RecordMode } from './record';
import { appendLean, readLean } from './lean-store';

const TMP_PREFIX = '.tmp-';

export interface Corrupted {
  file: string;
  reason: string;
}

export interface StoreContents {
  records: RunRecord[];
  files: string[];
  corrupted: Corrupted[];
}

/** Makes sure the folder exists and is writable, and removes temporary files of killed runs. */
export function openStore(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new SolhError(`cannot write to results folder "${dir}" (${(e as NodeJS.ErrnoException).code ?? 'error'}): choose another with --out`);
  }
  for (const f of readdirSync(dir)) {
    if (f.startsWith(TMP_PREFIX) && !isAlive(Number(f.slice(TMP_PREFIX.length).split('-')[0]))) rmSync(join(dir, f), { force: true });
  }
}

/** Whether a process id is running: another `solh run` into the same folder keeps its temporary files. */
function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function writeRecord(dir: string, record: RunRecord, mode: RecordMode = 'full'): string {
  if (mode === 'lean') return writeLean(dir, record);
  const name = recordFileName(record.key);
  const tmp = join(dir, `${TMP_PREFIX}${process.pid}-${name}`);
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(record, null, 1) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(dir, name));
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new SolhError(`cannot write record ${join(dir, name)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): free disk space or choose another folder with --out, then run the same command to resume`);
  }
  return name;
}

function writeLean(dir: string, record: RunRecord): string {
  try {
    return appendLean(dir, record);
  } catch (e) {
    throw new SolhError(`cannot append to the lean records of ${dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): free disk space or choose another folder with --out, then run the same command to resume`);
  }
}

/** Why a parsed JSON value is not a record, or undefined if it is one. */
function recordProblem(r: unknown): string | undefined {
  if (!r || typeof r !== 'object') return 'not a JSON object';
  const x = r as Partial<RunRecord>;
  if (x.format !== RECORD_FORMAT) return `format is ${JSON.stringify(x.format)}, expected "${RECORD_FORMAT}"`;
  if (!x.key || typeof x.key.loss !== 'string' || typeof x.key.seed !== 'number') return 'missing key';
  if (typeof x.configHash !== 'string') return 'missing configHash';
  if (x.status !== 'ok' && x.status !== 'failed') return 'missing status';
  if (x.status === 'ok' && (!x.evaluation || typeof x.evaluation !== 'object' || !x.curves)) return 'missing evaluation';
  if (!x.history || !Array.isArray(x.history.trainLoss)) return 'missing history';
  return undefined;
}

/** Reads every record of a folder; unreadable or malformed files are listed, not fatal. */
export function readStore(dir: string): StoreContents {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new SolhError(`results folder "${dir}" does not exist or cannot be read: run \`solh run --out ${dir}\` first, or name another with --results`);
  }
  const out: StoreContents = { records: [], files: [], corrupted: [] };
  for (const f of names.filter((n) => n.endsWith('.json') && !n.startsWith(TMP_PREFIX)).sort()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    } catch (e) {
      out.corrupted.push({ file: f, reason: `not valid JSON (${(e as Error).message.split('\n')[0]})` });
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
