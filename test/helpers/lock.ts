/** A held lock on a test folder, for calling the store's writers directly (they write only under a lock). */
import { acquireLock, Lock } from '../../src/store/lock';
import { openStore } from '../../src/store/store';

/** Makes the folder and takes its lock for the fake records' protocol (see records.ts). */
export async function holdFolder(dir: string, configHash = 'c0ffee00c0ffee00'): Promise<Lock> {
  openStore(dir);
  const lock = await acquireLock(dir, configHash);
  if (!lock) throw new Error(`could not lock ${dir}`);
  return lock;
}
