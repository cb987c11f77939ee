/** `solh repair DIR`: keeps every good record of a results folder and sets the damaged ones aside. */
import { join } from 'node:path';
import { acquireLock, describeHolder } from '../../store/lock';
import { readStore, repairStore } from '../../store/store';

export async function repair(dir: string): Promise<void> {
  const before = readStore(dir); // also: the folder exists and can be read
  if (before.corrupted.length === 0) {
    process.stderr.write(`nothing to repair in ${dir}: its ${before.records.length} records are all readable\n`);
    return;
  }
  // A writer of the folder's protocol waits for the repair, as for any writer; another is refused.
  const lock = (await acquireLock(dir, before.records[0]?.configHash ?? '0000000000000000', {
    onWait: (h) => process.stderr.write(`waiting for ${describeHolder(h)}, which is writing to ${dir}\n`),
  }))!;
  const done = (() => {
    try {
      return repairStore(lock);
    } finally {
      lock.release();
    }
  })();
  for (const d of done.dropped) process.stderr.write(`dropped ${join(dir, d.file)}: ${d.reason}\n`);
  for (const [from, to] of done.setAside) process.stderr.write(`kept the damaged ${from} as ${join(dir, to)}\n`);
  process.stderr.write(`repaired ${dir}: ${done.kept} records kept, ${done.dropped.length} damaged ${done.dropped.length === 1 ? 'entry' : 'entries'} dropped; run the same \`solh run\` or \`solh sweep\` to redo the dropped runs\n`);
}
