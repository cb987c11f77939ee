/** The committed paper records (results/paper), which the figure tests draw. */
import { join } from 'node:path';
import { readStore } from '../../src/store/store';
import { RunRecord } from '../../src/experiment/record';
import { repoRoot } from './paths';

export const paperRecords: RunRecord[] = readStore(join(repoRoot(), 'results/paper')).records;
export const PAPER_TARGETS = ['accuracy', 'f1'];

/** The losses that serve a target, as the records say (BCE's records have target null). */
export function lossesFor(target: string): string[] {
  return [...new Set(paperRecords.filter((r) => r.key.target === null || r.key.target === target).map((r) => r.key.loss))];
}
