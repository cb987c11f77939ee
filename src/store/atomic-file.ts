/**
 * Writing to a results folder so that nothing already there is lost. A write(2) may write fewer
 * bytes than asked (a disk filling up does exactly that before it says ENOSPC), so every write
 * loops until all bytes are down, then fsyncs. A whole file is written to a temporary file named
 * for the writing process and renamed into place only when it is complete (and, if asked,
 * verified); an interrupted or failed write leaves the old file or the new one, never half of one.
 * The temporary files of a killed process are recognised by their pid and cleared by openStore.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SolhError } from '../errors';

export const TMP_PREFIX = '.tmp-';

/**
 * The system calls the store writes with. Tests replace them to act out a disk that fills up
 * (short writes, then ENOSPC); nothing else should.
 */
export const storeIo = {
  writeSync: (fd: number, data: Uint8Array, offset: number, length: number): number => writeSync(fd, data, offset, length),
  fsyncSync: (fd: number): void => fsyncSync(fd),
};

/** The pid that wrote a temporary file, or NaN for any other name. */
export function tmpWriter(name: string): number {
  return name.startsWith(TMP_PREFIX) ? Number(name.slice(TMP_PREFIX.length).split('-')[0]) : NaN;
}

/** Writes every byte of `data` at the file's current position (or end, in append mode), then fsyncs. */
export function writeAllSync(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  let done = 0;
  while (done < bytes.length) {
    const n = storeIo.writeSync(fd, bytes, done, bytes.length - done);
    // write(2) returns 0 only when nothing more fits; looping again would spin.
    if (!(n > 0)) throw Object.assign(new Error(`no space left: ${done} of ${bytes.length} bytes written`), { code: 'ENOSPC' });
    done += n;
  }
  storeIo.fsyncSync(fd);
}

/** Makes a rename or removal in `dir` durable (best effort: not every file system can sync a folder). */
export function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* EISDIR/EINVAL/EPERM on some systems: the rename itself is atomic either way */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export interface AtomicWriteOptions {
  /** Reads the complete temporary file back and throws if it is not what was meant; nothing is renamed then. */
  verify?: (tmpPath: string) => void;
}

/** Writes `dir/name` atomically; on failure the temporary file is removed, nothing is renamed, and the error rethrown. */
export function writeFileAtomic(dir: string, name: string, data: string | Uint8Array, o: AtomicWriteOptions = {}): void {
  const tmp = join(dir, `${TMP_PREFIX}${process.pid}-${name}`);
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeAllSync(fd, data);
    } finally {
      closeSync(fd);
    }
    o.verify?.(tmp);
    renameSync(tmp, join(dir, name));
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  syncFolder(dir);
}

const REASONS: Record<string, string> = {
  ENOSPC: 'ENOSPC: the disk is full',
  EDQUOT: 'EDQUOT: the disk quota is used up',
  EROFS: 'EROFS: the file system is read-only',
  EIO: 'EIO: the disk reported an input/output error',
};

/** The code of a failed system call, spelled out where the code alone says little. */
function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code ? (REASONS[code] ?? code) : (e as Error).message;
}

/**
 * The one line for a write to a results folder that failed: what could not be written, why, that
 * what was written before is kept, and how to go on.
 */
export function writeFailure(what: string, e: unknown): SolhError {
  if (e instanceof SolhError) return e;
  return new SolhError(
    `cannot write ${what} (${ioReason(e)}): the records written before it are kept; free disk space or choose another folder with --out, then run the same command to resume`,
  );
}
