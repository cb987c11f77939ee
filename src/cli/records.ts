/**
 * How the read-only commands (table, compare, plot, report) treat a results folder: corrupted
 * records are named in one error line and left out, the command still does its work on the good
 * ones and then exits 1; a folder with no good record is an error. (`check`, `merge` and `run`
 * are stricter: they refuse to go on.)
 */
import { readStore, describeCorrupted } from '../experiment/store';
import { RunRecord } from '../experiment/record';
import { SolhError } from '../errors';
import { join } from 'node:path';

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
