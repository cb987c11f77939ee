/** What `solh merge` does: the results folders of a sharded grid, or of a sharded sweep, joined into one. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStore, openStore, writeRecord, describeCorrupted } from '../store/store';
import { runIdentity } from '../experiment/record';
import { MergeResult, mergeRecords } from '../store/merge';
import { acquireLock, describeHolder } from '../store/lock';
import { compactLean } from '../store/lean-store';
import { SolhError } from '../errors';
import { SWEEP_MANIFEST, writeManifest } from './session';

interface Merged {
  records: number;
  /** Of the records, those the output folder held already (checked, not written again). */
  there: number;
  duplicates: string[];
  gaps: string[];
}

/** The records of grid folders `dirs`, joined (nothing written yet: every check comes first). */
function joinGrid(dirs: string[]): MergeResult {
  const duplicates: string[] = []; // a run held twice inside one folder (a record file and a lean line)
  const sources = dirs.map((dir) => {
    const s = readStore(dir);
    if (s.corrupted.length) throw new SolhError(`corrupted record ${join(dir, s.corrupted[0].file)} (${s.corrupted[0].reason}): rerun that shard or delete the file`);
    for (const d of s.duplicates) duplicates.push(`${d.run} (${join(dir, d.kept)}, ${join(dir, d.dropped)})`);
    return { dir, records: s.records };
  });
  const merged = mergeRecords(sources);
  return { ...merged, duplicates: [...duplicates, ...merged.duplicates] };
}

/** Writes joined records into `out`, under `out`'s lock, refusing a conflict with what `out` holds. */
async function writeMerged(merged: MergeResult, out: string): Promise<Merged> {
  openStore(out);
  // Held like a run's: a `solh run` into the same folder must not write while we do.
  const lock = (await acquireLock(out, merged.records[0].configHash, {
    onWait: (h) => process.stderr.write(`waiting for ${describeHolder(h)}, which is writing the same protocol to ${out}\n`),
    onTakeOver: (h, why) => process.stderr.write(`note: took over the stale lock of pid ${h.pid} on ${h.host} in ${out} (${why})\n`),
  }))!; // without a signal the wait ends only with the lock
  const duplicates = [...merged.duplicates];
  let there = 0;
  try {
    const existing = readStore(out);
    if (existing.corrupted.length) throw new SolhError(describeCorrupted(out, existing.corrupted));
    // A run the folder holds already (as a record file or a lean line) is a duplicate: checked, reported, not written again.
    if (existing.records.length) duplicates.push(...mergeRecords([{ dir: out, records: existing.records }, { dir: 'the merged folders', records: merged.records }]).duplicates);
    const have = new Set(existing.records.map(runIdentity));
    const fresh = merged.records.filter((x) => !have.has(runIdentity(x)));
    for (const r of fresh) writeRecord(lock, r, r.lean ? 'lean' : 'full');
    there = merged.records.length - fresh.length;
    compactLean(lock);
  } finally {
    lock.release();
  }
  return { records: merged.records.length, there, duplicates, gaps: merged.gaps };
}

interface ManifestRow {
  universe: string;
  settings: string;
  seeds: string;
  runs: number;
}

/** A sweep folder's universes (its universes.tsv, written by `solh sweep`). */
function readManifest(dir: string): ManifestRow[] {
  const lines = readFileSync(join(dir, SWEEP_MANIFEST), 'utf8').split('\n').filter((l) => l !== '');
  return lines.slice(1).map((l) => {
    const [universe, settings, seeds, runs] = l.split('\t');
    if (runs === undefined) throw new SolhError(`${join(dir, SWEEP_MANIFEST)}: the line "${l}" is not universe, settings, seeds, runs: rerun the sweep's shard into that folder`);
    return { universe, settings, seeds, runs: Number(runs) };
  });
}

/**
 * Sweep folders (each with universes.tsv): every universe's shard folders are joined into
 * out/<universe>, and out's manifest counts the runs of all shards. The folders must be shards of
 * one sweep: the same universes with the same settings and seeds.
 */
async function mergeSweeps(dirs: string[], out: string): Promise<{ universes: number } & Merged> {
  const manifests = dirs.map(readManifest);
  const first = manifests[0];
  const shape = (m: ManifestRow[]) => m.map((r) => `${r.universe}\t${r.settings}\t${r.seeds}`).join('\n');
  dirs.forEach((dir, i) => {
    if (shape(manifests[i]) !== shape(first)) throw new SolhError(`${dir} and ${dirs[0]} are not shards of one sweep (their ${SWEEP_MANIFEST} list different universes, settings or seeds): merge the shards of one sweep`);
  });
  const total: Merged = { records: 0, there: 0, duplicates: [], gaps: [] };
  const planned = first.map((_, u) => manifests.reduce((a, m) => a + m[u].runs, 0));
  // Every universe is joined (and checked) before any is written.
  const joined = first.map((row) => {
    const parts = dirs.map((d) => join(d, row.universe)).filter((d) => existsSync(d) && readStore(d).records.length > 0);
    return parts.length ? joinGrid(parts) : undefined;
  });
  for (const [u, row] of first.entries()) {
    const j = joined[u];
    if (!j) {
      total.gaps.push(`${row.universe}: all ${planned[u]} planned runs (no records in any folder)`);
      continue;
    }
    const m = await writeMerged(j, join(out, row.universe));
    total.records += m.records;
    total.there += m.there;
    total.duplicates.push(...m.duplicates.map((d) => `${row.universe}: ${d}`));
    total.gaps.push(...m.gaps.map((g) => `${row.universe}: ${g}`));
    // A shard stopped before a universe leaves runs that the records' span does not show as gaps.
    const missing = planned[u] - m.records;
    if (missing > 0 && m.gaps.length < missing) total.gaps.push(`${row.universe}: ${missing} of its ${planned[u]} planned runs (the shards' ${SWEEP_MANIFEST}) are not recorded`);
  }
  const rows = first.map((r, u) => [r.universe, r.settings, r.seeds, planned[u]].join('\t'));
  await writeManifest(out, SWEEP_MANIFEST, ['universe\tsettings\tseeds\truns', ...rows].join('\n') + '\n');
  return { universes: first.length, ...total };
}

/**
 * Joins grid folders into `out`, or sweep folders (each with universes.tsv) universe by universe;
 * `what` says how many universes, for the closing line.
 */
export async function mergeFolders(dirs: string[], out: string): Promise<Merged & { what: string }> {
  const sweeps = dirs.filter((d) => existsSync(join(d, SWEEP_MANIFEST)));
  if (sweeps.length > 0 && sweeps.length < dirs.length) {
    const grid = dirs.find((d) => !sweeps.includes(d))!;
    throw new SolhError(`${sweeps[0]} is a sweep folder (it has ${SWEEP_MANIFEST}) but ${grid} is not: merge sweep shards with sweep shards, or give the universe's subfolder, e.g. ${join(sweeps[0], 'default')}`);
  }
  if (sweeps.length) {
    const s = await mergeSweeps(dirs, out);
    return { ...s, what: ` of ${s.universes} universes` };
  }
  return { ...(await writeMerged(joinGrid(dirs), out)), what: '' };
}
