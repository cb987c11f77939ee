/** `solh bench-report`: a benchmark folder's per-task Δ table and the tests across data sets. */
import { benchSectionsOf } from '../records';
import { renderBench } from '../../report/bench-format';
import { EXIT_USAGE } from '../errors';
import type { Format } from '../../report/rows';

export async function benchReport(o: { results: string; target?: string; baseline: string; rope: number; alpha: number; samples: number; format: Format }): Promise<void> {
  const sections = benchSectionsOf(o);
  process.stdout.write(`${renderBench(sections, o.format, o.rope)}\n`);
  // A section whose tests across data sets were refused: said once on stderr, exit 2 at the end.
  const refused = [...new Set(sections.flatMap((s) => ('refused' in s.across ? [s.across.refused] : [])))];
  for (const r of refused) process.stderr.write(`solh: error: ${r}\n`);
  if (refused.length) process.exitCode = EXIT_USAGE;
}
