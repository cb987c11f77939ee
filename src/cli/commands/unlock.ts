/** `solh unlock DIR`: removes a results folder's lock once it is stale (or unreadable), never a live one. */
import type { CommandSpec } from '../command';

export const unlock: CommandSpec = {
  name: 'unlock',
  description: 'remove the lock of a results folder whose writer is gone: a lock not refreshed for 60 s, one of this host whose process is gone, or a lock file no solh wrote; a live lock is left alone',
  arguments: [['<dir>', 'results folder (or sweep folder) holding the lock file .solh-lock']],
  help: `
Example:
  $ npx solh unlock runs/paper        after a job was killed on a node that is gone
Writers take over a stale lock by themselves; unlock is for a lock file that is not solh's, or to clear a folder by hand.`,
  async action(dir: string) {
    const { join } = await import('node:path');
    const { LOCK_FILE, unlockIfStale } = await import('../../store/lock');
    const done = unlockIfStale(dir);
    const path = join(dir, LOCK_FILE);
    if (done.kind === 'none') process.stderr.write(`no lock in ${dir}: nothing to remove\n`);
    else if (done.kind === 'unreadable') process.stderr.write(`removed ${path}, which no solh process wrote (${done.why})\n`);
    else process.stderr.write(`removed the stale lock of pid ${done.holder.pid} on ${done.holder.host} from ${dir} (${done.why})\n`);
  },
};
