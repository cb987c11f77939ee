/** `solh merge`: the shards of a grid or of a sweep joined into one results folder. */
import type { CommandSpec } from '../command';

export const merge: CommandSpec = {
  name: 'merge',
  description: 'join the results folders of a sharded grid (or of a sharded sweep: every universe at once) into one, refusing mixed configs and reporting duplicates and gaps',
  arguments: [['<dirs...>', 'shard results folders: grid folders, or sweep folders (with universes.tsv)']],
  params: [['out', { description: 'merged results folder', required: true }]],
  help: `
Examples:
  $ npx solh run --shard 0/2 --out runs/s0 & npx solh run --shard 1/2 --out runs/s1; wait
  $ npx solh merge runs/s0 runs/s1 --out runs/merged && npx solh table --results runs/merged
  $ npx solh merge runs/sweep-0 runs/sweep-1 --out runs/sweep      sweep shards: every universe`,
  async action(dirs: string[], o: { out: string }) {
    const { mergeFolders } = await import('../merge-folders');
    const m = await mergeFolders(dirs, o.out);
    for (const d of m.duplicates) process.stderr.write(`duplicate (identical, kept once): ${d}\n`);
    for (const g of m.gaps) process.stderr.write(`gap: no record for ${g}\n`);
    process.stdout.write(`${m.records} records${m.what} from ${dirs.length} folders written to ${o.out}${m.there ? ` (${m.there} of them were there already)` : ''}; ${m.duplicates.length} duplicates, ${m.gaps.length} gaps\n`);
    if (m.gaps.length) process.exitCode = 1;
  },
};
