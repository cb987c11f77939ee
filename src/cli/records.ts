/**
 * How the read-only commands (table, compare, plot, report) treat a results folder: corrupted
 * records are named in one error line and left out, the command still does its work on the good
 * ones and then exits 1; a folder with no good record is an error. (`check`, `merge` and `run`
 * are stricter: they refuse to go on.)
 */
import { readStore, describeCorrupted } from '../store/store';
import { RunRecord } from '../experiment/record';
import { SolhError } from '../errors';
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DEFAULT_UNIVERSE, differingSettings } from '../experiment/sweep';
import type { UniverseRecords } from '../report/verdicts';

export function readRecordsForReading(dir: string): RunRecord[] {
  const store = readStore(dir);
  if (store.ignored.length) {
    const [f] = store.ignored;
    process.stderr.write(`note: ignored ${join(dir, f)}${store.ignored.length > 1 ? ` and ${store.ignored.length - 1} more` : ''}: not a record file name (target__loss__seedN.json)\n`);
  }
  if (store.corrupted.length) {
    if (store.records.length === 0) throw new SolhError(describeCorrupted(dir, store.corrupted));
    process.stderr.write(`solh: error: ${describeCorrupted(dir, store.corrupted)} (left out)\n`);
    process.exitCode = 1;
  }
  if (store.records.length === 0) throw new SolhError(`no records in ${dir}: run \`solh run --out ${dir}\` first`);
  return store.records;
}

/**
 * The universes of a sweep folder (each subfolder with records, the `default` one first, settings
 * as they differ from the default's protocol), or the folder itself as one universe when it holds
 * records directly.
 */
export function readUniversesForReading(dir: string): UniverseRecords[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    throw new SolhError(`results folder "${dir}" does not exist or cannot be read: run \`solh sweep --out ${dir}\` first, or name another with --results`);
  }
  if (readStore(dir).records.length) return [{ name: basename(dir), settings: {}, records: readRecordsForReading(dir) }];
  const names = entries.filter((e) => !e.startsWith('.') && statSync(join(dir, e)).isDirectory()).sort((a, b) => (a === DEFAULT_UNIVERSE ? -1 : b === DEFAULT_UNIVERSE ? 1 : a.localeCompare(b)));
  const withRecords = names.filter((n) => {
    const s = readStore(join(dir, n));
    return s.records.length || s.corrupted.length;
  });
  if (withRecords.length === 0) throw new SolhError(`no records in ${dir} or its subfolders: run \`solh sweep --out ${dir}\` first`);
  const universes = withRecords.map((name) => ({ name, settings: {} as Record<string, unknown>, records: readRecordsForReading(join(dir, name)) }));
  const base = universes.find((u) => u.name === DEFAULT_UNIVERSE);
  if (base) {
    for (const u of universes) u.settings = differingSettings(u.records[0].protocol, base.records[0].protocol);
  }
  return universes;
}
