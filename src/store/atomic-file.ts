/**
 * Writing a file of a results folder atomically: a temporary file named for the writing process,
 * fsync, rename. An interrupted write leaves the old file or the new one, never half of one; the
 * temporary files of a killed process are recognised by their pid and cleared by openStore.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const TMP_PREFIX = '.tmp-';

/** The pid that wrote a temporary file, or NaN for any other name. */
export function tmpWriter(name: string): number {
  return name.startsWith(TMP_PREFIX) ? Number(name.slice(TMP_PREFIX.length).split('-')[0]) : NaN;
}

/** Writes `dir/name` atomically; on failure the temporary file is removed and the error rethrown. */
export function writeFileAtomic(dir: string, name: string, data: string | Uint8Array): void {
  const tmp = join(dir, `${TMP_PREFIX}${process.pid}-${name}`);
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(dir, name));
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
