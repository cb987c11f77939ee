/** `solh unlock DIR`: removes a results folder's lock once it is stale (or unreadable), never a live one. */
import { join } from 'node:path';
import { LOCK_FILE, unlockIfStale } from '../../store/lock';

export async function unlock(dir: string): Promise<void> {
  const done = unlockIfStale(dir);
  const path = join(dir, LOCK_FILE);
  if (done.kind === 'none') process.stderr.write(`no lock in ${dir}: nothing to remove\n`);
  else if (done.kind === 'unreadable') process.stderr.write(`removed ${path}, which no solh process wrote (${done.why})\n`);
  else process.stderr.write(`removed the stale lock of pid ${done.holder.pid} on ${done.holder.host} from ${dir} (${done.why})\n`);
}
