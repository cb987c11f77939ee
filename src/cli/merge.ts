import { Command } from 'commander';
import { join } from 'node:path';
import { readStore, openStore, writeRecord } from '../store/store';
import { mergeRecords } from '../store/merge';
import { acquireLock, describeHolder } from '../store/lock';
import { compactLean } from '../store/lean-store';
import { SolhError } from '../errors';

export function mergeCommand(): Command {
  return new Command('merge')
    .description('join the results folders of a sharded grid into one, refusing mixed configs and reporting duplicates and gaps')
    .argument('<dirs...>', 'shard results folders')
    .requiredOption('--out <dir>', 'merged results folder')
    .addHelpText('after', `
Example:
  $ npx solh run --shard 0/2 --out runs/s0 & npx solh run --shard 1/2 --out runs/s1; wait
  $ npx solh merge runs/s0 runs/s1 --out runs/merged && npx solh table --results runs/merged`)
    .action(async (dirs: string[], o) => {
      const sources = dirs.map((dir) => {
        const s = readStore(dir);
        if (s.corrupted.length) throw new SolhError(`corrupted record ${join(dir, s.corrupted[0].file)} (${s.corrupted[0].reason}): rerun that shard or delete the file`);
        return { dir, records: s.records };
      });
      const merged = mergeRecords(sources);
      openStore(o.out);
      // Held like a run's: a `solh run` into the same folder must not write while we do.
      const lock = (await acquireLock(o.out, merged.records[0].configHash, {
        onWait: (h) => process.stderr.write(`waiting for ${describeHolder(h)}, which is writing the same protocol to ${o.out}\n`),
        onTakeOver: (h, why) => process.stderr.write(`note: took over the stale lock of pid ${h.pid} on ${h.host} in ${o.out} (${why})\n`),
      }))!; // without a signal the wait ends only with the lock
      try {
        const existing = readStore(o.out).records;
        if (existing.length) mergeRecords([{ dir: o.out, records: existing }, { dir: 'merged shards', records: merged.records }]);
        for (const r of merged.records) writeRecord(lock, r, r.lean ? 'lean' : 'full');
        compactLean(lock);
      } finally {
        lock.release();
      }
      for (const d of merged.duplicates) process.stderr.write(`duplicate (identical, kept once): ${d}\n`);
      for (const g of merged.gaps) process.stderr.write(`gap: no record for ${g}\n`);
      process.stdout.write(`${merged.records.length} records from ${dirs.length} folders written to ${o.out}; ${merged.duplicates.length} duplicates, ${merged.gaps.length} gaps\n`);
      if (merged.gaps.length) process.exitCode = 1;
    });
}
