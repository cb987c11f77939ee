import { Command } from 'commander';
import { join } from 'node:path';
import { readStore, openStore, writeRecord, describeCorrupted } from '../store/store';
import { runIdentity } from '../experiment/record';
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
      const duplicates: string[] = [];
      const sources = dirs.map((dir) => {
        const s = readStore(dir);
        if (s.corrupted.length) throw new SolhError(`corrupted record ${join(dir, s.corrupted[0].file)} (${s.corrupted[0].reason}): rerun that shard or delete the file`);
        for (const d of s.duplicates) duplicates.push(`${d.run} (${join(dir, d.kept)}, ${join(dir, d.dropped)})`);
        return { dir, records: s.records };
      });
      const merged = mergeRecords(sources);
      duplicates.push(...merged.duplicates);
      openStore(o.out);
      // Held like a run's: a `solh run` into the same folder must not write while we do.
      const lock = (await acquireLock(o.out, merged.records[0].configHash, {
        onWait: (h) => process.stderr.write(`waiting for ${describeHolder(h)}, which is writing the same protocol to ${o.out}\n`),
        onTakeOver: (h, why) => process.stderr.write(`note: took over the stale lock of pid ${h.pid} on ${h.host} in ${o.out} (${why})\n`),
      }))!; // without a signal the wait ends only with the lock
      let written = 0;
      try {
        const existing = readStore(o.out);
        if (existing.corrupted.length) throw new SolhError(describeCorrupted(o.out, existing.corrupted));
        // A run the folder holds already (as a record file or a lean line) is a duplicate: checked, reported, not written again.
        if (existing.records.length) duplicates.push(...mergeRecords([{ dir: o.out, records: existing.records }, { dir: 'the merged folders', records: merged.records }]).duplicates);
        const have = new Set(existing.records.map(runIdentity));
        for (const r of merged.records.filter((x) => !have.has(runIdentity(x)))) {
          writeRecord(lock, r, r.lean ? 'lean' : 'full');
          written++;
        }
        compactLean(lock);
      } finally {
        lock.release();
      }
      for (const d of duplicates) process.stderr.write(`duplicate (identical, kept once): ${d}\n`);
      for (const g of merged.gaps) process.stderr.write(`gap: no record for ${g}\n`);
      const there = merged.records.length - written;
      process.stdout.write(`${merged.records.length} records from ${dirs.length} folders written to ${o.out}${there ? ` (${there} of them were there already)` : ''}; ${duplicates.length} duplicates, ${merged.gaps.length} gaps\n`);
      if (merged.gaps.length) process.exitCode = 1;
    });
}
