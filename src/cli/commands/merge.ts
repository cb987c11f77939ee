/** `solh merge`: the shards of a grid or of a sweep joined into one results folder. */
import { mergeFolders } from '../merge-folders';

export async function merge(dirs: string[], o: { out: string }): Promise<void> {
  const m = await mergeFolders(dirs, o.out);
  for (const d of m.duplicates) process.stderr.write(`duplicate (identical, kept once): ${d}\n`);
  for (const g of m.gaps) process.stderr.write(`gap: no record for ${g}\n`);
  process.stdout.write(`${m.records} records${m.what} from ${dirs.length} folders written to ${o.out}${m.there ? ` (${m.there} of them were there already)` : ''}; ${m.duplicates.length} duplicates, ${m.gaps.length} gaps\n`);
  if (m.gaps.length) process.exitCode = 1;
}
