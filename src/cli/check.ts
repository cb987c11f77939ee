import { Command } from 'commander';
import { readStore, describeCorrupted } from '../store/store';
import { checkAgainst } from '../report/check';
import { parseNumber } from './parse';
import { SolhError } from '../errors';

export function checkCommand(): Command {
  return new Command('check')
    .description('compare a results folder with a snapshot and exit non-zero if any run drifted beyond the tolerance')
    .requiredOption('--results <dir>', 'results folder to check')
    .option('--snapshot <dir>', 'reference records', 'results/paper')
    .option('--tolerance <x>', 'largest allowed absolute difference of any number', '0')
    .addHelpText('after', `
Example:
  $ npx solh run --target f1 --seeds 1 --out runs/check && npx solh check --results runs/check --snapshot results/paper`)
    .action((o) => {
      const tolerance = parseNumber(o.tolerance, '--tolerance');
      if (tolerance < 0) throw new SolhError('--tolerance must be ≥ 0');
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
    });
}
