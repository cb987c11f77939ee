/** `solh verdicts`: each loss against a baseline in every universe of a sweep, then counted over universes. */
import { readUniversesForReading, canonicalBaseline } from '../records';
import { renderVerdicts, verdictRows } from '../../report/verdicts';
import { SolhError } from '../../errors';
import type { Format } from '../../report/rows';
import type { At } from '../../report/query';
import type { PairedTest } from '../../report/compare';

export async function verdicts(o: { results: string; baseline: string; at: At; confidence: number; test: PairedTest; margin: number; format: Format }): Promise<void> {
  const { at, confidence, test, margin } = o;
  const universes = readUniversesForReading(o.results);
  const baseline = canonicalBaseline(o.baseline, universes[0].records);
  const missing: string[] = [];
  const rows = verdictRows(universes, { baseline, at, confidence, test, margin, onNoBaseline: (u) => missing.push(u) });
  // Not one universe has it: the error compare gives, with the losses there are.
  if (missing.length === universes.length) verdictRows(universes.slice(0, 1), { baseline, at, confidence, test, margin });
  if (missing.length) process.stderr.write(`note: left out ${missing.length} universe${missing.length > 1 ? 's' : ''} without finished ${baseline} runs: ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}\n`);
  if (rows.length === 0) throw new SolhError(`no losses trained for a target in ${o.results}: only baseline runs were found`);
  process.stdout.write(`${renderVerdicts(rows, o.format, confidence)}\n`);
}
