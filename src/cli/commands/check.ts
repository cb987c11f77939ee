/** `solh check`: a results folder against a snapshot, non-zero exit on drift. */
import { readStore, describeCorrupted } from '../../store/store';
import { checkAgainst } from '../../report/check';
import { SolhError } from '../../errors';

export async function check(o: { results: string; snapshot: string; tolerance: number }): Promise<void> {
  const { tolerance } = o;
  const results = readStore(o.results);
  const snapshot = readStore(o.snapshot);
  const corrupted = [results.corrupted.length && describeCorrupted(o.results, results.corrupted), snapshot.corrupted.length && describeCorrupted(o.snapshot, snapshot.corrupted)].filter((x): x is string => Boolean(x));
  for (const c of corrupted) process.stderr.write(`solh: error: ${c}\n`);
  const r = checkAgainst(results.records, snapshot.records, tolerance);
  if (r.compared === 0 && corrupted.length) {
    process.exitCode = 1;
    return;
  }
  if (r.compared === 0) throw new SolhError(`no run of ${o.results} is in the snapshot ${o.snapshot}: nothing to compare`);
  for (const d of r.drifts) {
    process.stdout.write(`DRIFT ${d.run}: ${d.field || '(record)'} differs by ${d.difference === Infinity ? '(not a number: values differ)' : d.difference.toExponential(3)}\n`);
  }
  process.stdout.write(`${r.compared} runs compared, ${r.drifts.length} drifted beyond ${tolerance}, ${r.missing.length} snapshot runs not in ${o.results}\n`);
  if (r.drifts.length || corrupted.length) process.exitCode = 1;
}
