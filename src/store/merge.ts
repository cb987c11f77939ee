/**
 * Joining the results folders of a sharded grid: one protocol and backend only, a run found twice
 * is a duplicate (kept once if identical, an error if not), and the runs missing from the full
 * (loss × target × seed) grid that the records span are listed as gaps.
 */
import { SolhError } from '../errors';
import { isScoreLoss } from 'solh-losses/core';
import { RunKey, RunRecord, comparablePair, keyId, largestDifference, recordFileName } from '../experiment/record';

export interface MergeResult {
  records: RunRecord[];
  duplicates: string[];
  gaps: string[];
}

export function mergeRecords(sources: { dir: string; records: RunRecord[] }[]): MergeResult {
  const all = sources.flatMap((s) => s.records.map((r) => ({ dir: s.dir, r })));
  if (all.length === 0) throw new SolhError('no records in the folders to merge: give the shard folders written by `solh run --shard i/n`');
  const first = all[0];
  for (const { dir, r } of all) {
    if (r.configHash !== first.r.configHash || r.backend !== first.r.backend) {
      throw new SolhError(`${dir} holds records of config ${r.configHash} on ${r.backend}, but ${first.dir} of config ${first.r.configHash} on ${first.r.backend}: merge only shards of one grid`);
    }
  }
  const byName = new Map<string, { dir: string; r: RunRecord }>();
  const duplicates: string[] = [];
  for (const x of all) {
    const name = recordFileName(x.r.key);
    const seen = byName.get(name);
    if (!seen) {
      byName.set(name, x);
      continue;
    }
    const d = largestDifference(...comparablePair(seen.r, x.r));
    if (d.difference !== 0) {
      throw new SolhError(`${keyId(x.r.key)} is in ${seen.dir} and ${x.dir} with different results (${d.field}): keep one of the two files`);
    }
    duplicates.push(`${keyId(x.r.key)} (${seen.dir}, ${x.dir})`);
  }
  const records = [...byName.values()].map((x) => x.r);
  return { records, duplicates, gaps: gapsOf(records) };
}

/** Runs of the grid spanned by the records (their losses × targets × seeds) that no record covers. */
function gapsOf(records: RunRecord[]): string[] {
  const have = new Set(records.map((r) => recordFileName(r.key)));
  const seeds = [...new Set(records.map((r) => r.key.seed))].sort((a, b) => a - b);
  const targets = [...new Set(records.map((r) => r.key.target).filter((t): t is string => t !== null))].sort();
  const losses = [...new Set(records.map((r) => r.key.loss))];
  const gaps: string[] = [];
  for (const loss of losses) {
    const ts: (string | null)[] = isScoreLoss(loss) ? targets : [null];
    for (const target of ts) {
      for (const seed of seeds) {
        const k: RunKey = { loss, target, seed };
        if (!have.has(recordFileName(k))) gaps.push(keyId(k));
      }
    }
  }
  return gaps;
}
