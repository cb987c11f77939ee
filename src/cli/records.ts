/**
 * How the read-only commands (table, compare, plot, report) treat a results folder: corrupted
 * records are named in one error line and left out, the command still does its work on the good
 * ones and then exits 1; a folder with no good record is an error. (`check`, `merge` and `run`
 * are stricter: they refuse to go on.)
 */
import { readStore, describeCorrupted, unreadableReason } from '../store/store';
import { RunRecord } from '../experiment/record';
import { SolhError } from '../errors';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { BENCH_MANIFEST, SWEEP_MANIFEST } from './session';
import { parseLoss } from 'solh-losses/core';
import { BenchSection, TaskRecords, benchSections, correctedWithinTask } from '../report/bench';
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

/** Whether a path is a folder; a dangling symbolic link or a loop of them is not (and is named in a note). */
function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (e) {
    process.stderr.write(`note: skipped ${path} (${unreadableReason(e)})\n`);
    return false;
  }
}

/** The universe names a sweep's manifest lists, or undefined when the folder has none (not a sweep, or an older one). */
function manifestUniverses(dir: string): string[] | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, SWEEP_MANIFEST), 'utf8');
  } catch {
    return undefined;
  }
  return text.split('\n').slice(1).filter((l) => l.trim() !== '').map((l) => l.split('\t')[0]);
}

/**
 * The universes of a sweep folder (those its manifest lists, or else each subfolder with records;
 * the `default` one first, settings as they differ from the default's protocol), or the folder
 * itself as one universe when it holds records directly. Folders of universes the sweep no longer
 * has (an earlier sweep into the same folder) are named in a note and left out.
 */
export function readUniversesForReading(dir: string): UniverseRecords[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    throw new SolhError(`results folder "${dir}" does not exist or cannot be read: run \`solh sweep --out ${dir}\` first, or name another with --results`);
  }
  const own = readStore(dir);
  if (own.records.length || own.corrupted.length) return [{ name: basename(dir), settings: {}, records: readRecordsForReading(dir) }];
  const folders = entries.filter((e) => !e.startsWith('.') && isFolder(join(dir, e)));
  const listed = manifestUniverses(dir);
  if (listed) {
    const stale = folders.filter((f) => !listed.includes(f));
    if (stale.length) process.stderr.write(`note: left out ${stale.length} folder${stale.length > 1 ? 's' : ''} of ${dir} that its sweep (${SWEEP_MANIFEST}) does not list: ${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', …' : ''} (universes of an earlier sweep)\n`);
  }
  const names = (listed ? folders.filter((f) => listed.includes(f)) : folders).sort((a, b) => (a === DEFAULT_UNIVERSE ? -1 : b === DEFAULT_UNIVERSE ? 1 : a.localeCompare(b)));
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

/** The task folders of a benchmark folder with records: in the manifest's order, then any others by name. */
function readTasksForReading(dir: string): TaskRecords[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    throw new SolhError(`results folder "${dir}" does not exist or cannot be read: run \`solh bench --out ${dir}\` first, or name another with --results`);
  }
  const manifest = join(dir, BENCH_MANIFEST);
  const listed = existsSync(manifest) ? readFileSync(manifest, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[0]) : [];
  const folders = entries.filter((e) => !e.startsWith('.') && statSync(join(dir, e)).isDirectory());
  const order = [...listed.filter((n) => folders.includes(n)), ...folders.filter((n) => !listed.includes(n)).sort()];
  const withRecords = order.filter((n) => {
    const s = readStore(join(dir, n));
    return s.records.length || s.corrupted.length;
  });
  if (withRecords.length === 0) throw new SolhError(`no task folders with records in ${dir}: run \`solh bench --out ${dir}\` first`);
  return withRecords.map((name) => ({ name, records: readRecordsForReading(join(dir, name)) }));
}

/**
 * A baseline as the records spell it ('SOL:Uniform' → 'sol:uniform'), with the records' δ; text that
 * is no loss spec is passed on as given, to be refused with the list of losses the records hold.
 */
export function canonicalBaseline(spec: string, records: RunRecord[]): string {
  try {
    return parseLoss(spec, records[0]?.protocol?.loss?.delta ?? 0.1).spec;
  } catch {
    return spec;
  }
}

/** A benchmark folder's sections (per target and threshold), as bench-report and plot cd read them. */
export function benchSectionsOf(o: { results: string; target?: string; baseline: string; rope: number; alpha: number; samples: number }): BenchSection[] {
  const tasks = readTasksForReading(o.results);
  const options = { baseline: canonicalBaseline(o.baseline, tasks[0].records), targets: o.target ? o.target.split(',').map((s) => s.trim()) : undefined, rope: o.rope, alpha: o.alpha, samples: o.samples, withinTask: correctedWithinTask };
  return benchSections(tasks, options);
}
