/**
 * How the read-only commands (table, compare, plot, report) treat a results folder: corrupted
 * records are named in one error line and left out, the command still does its work on the good
 * ones and then exits 1; a folder with no good record is an error. (`check`, `merge` and `run`
 * are stricter: they refuse to go on.)
 */
import { readStore, describeCorrupted } from '../experiment/store';
import { RunRecord } from '../experiment/record';
import { SolhError } from '../errors';

export function readRecordsForReading(dir: string): RunRecord[] {
  const store = readStore(dir);
  if (store.corrupted.length) {
    if (store.records.length === 0) throw new SolhError(describeCorrupted(dir, store.corrupted));
    process.stderr.write(`solh: error: ${describeCorrupted(dir, store.corrupted)} (left out)\n`);
    process.exitCode = 1;
  }
  if (store.records.length === 0) throw new SolhError(`no records in ${dir}: run \`solh run --out ${dir}\` first`);
  return store.records;
}
