/**
 * Splitting a grid into n disjoint parts for n machines: part i takes every n-th run of the plan,
 * starting at i (0-based, as SLURM_ARRAY_TASK_ID with --array=0-(n-1) and Kubernetes'
 * JOB_COMPLETION_INDEX count). Round-robin spreads every loss and target over all parts.
 */
import { SolhError } from '../errors';
import { RunKey } from './record';

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count) {
    throw new SolhError(`--shard "${text}": write i/n with 0 ≤ i < n, e.g. --shard 0/4 (i is 0-based, like SLURM_ARRAY_TASK_ID from --array=0-3)`);
  }
  return { index, count };
}

export function selectShard(keys: RunKey[], s: Shard): RunKey[] {
  return keys.filter((_, i) => i % s.count === s.index);
}
