/**
 * Splitting a grid into n disjoint parts for n machines: part i takes every n-th run of the plan,
 * starting at i (0-based, as SLURM_ARRAY_TASK_ID with --array=0-(n-1) and Kubernetes'
 * JOB_COMPLETION_INDEX count). Round-robin spreads every loss and target over all parts.
 * `auto` reads the part (and with Slurm the count) from the cluster engine's environment.
 */
import { SolhError } from '../errors';
import { RunKey } from './record';

export interface Shard {
  index: number;
  count: number;
  /** Where the part came from, when read from the environment (for the progress line). */
  source?: string;
}

const EXAMPLE = 'e.g. --shard 0/4 (i is 0-based, like SLURM_ARRAY_TASK_ID from --array=0-3), or --shard auto in a job array';

/** `i/n`, or `auto` / `auto/n` read from `env` (Slurm job array or Kubernetes indexed Job). */
export function parseShard(text: string, env: NodeJS.ProcessEnv = process.env): Shard {
  const auto = /^\s*auto\s*(?:\/\s*(\d+)\s*)?$/.exec(text);
  if (auto) return shardFromEnv(auto[1] === undefined ? undefined : Number(auto[1]), env);
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count) {
    throw new SolhError(`--shard "${text}": write i/n with 0 ≤ i < n, ${EXAMPLE}`);
  }
  return { index, count };
}

function envCount(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v.trim())) throw new SolhError(`--shard auto: ${name}="${v}" is not a whole number: run inside the job array, or give the part, --shard i/n`);
  return Number(v);
}

/**
 * Slurm: the part is SLURM_ARRAY_TASK_ID; the count is the one given (`auto/n`), else the array's
 * size (SLURM_ARRAY_TASK_COUNT, or MAX − MIN + 1), which must be a 0..n−1 array of more than one
 * task: a task resubmitted alone (--array=3) is an array of one, and would run the wrong part.
 * Kubernetes: the part is JOB_COMPLETION_INDEX; the count (spec.completions) must be given.
 */
function shardFromEnv(given: number | undefined, env: NodeJS.ProcessEnv): Shard {
  if (given !== undefined && given < 1) throw new SolhError(`--shard auto/${given}: the count must be at least 1, e.g. --shard auto/8`);
  const slurmId = envCount(env, 'SLURM_ARRAY_TASK_ID');
  const k8sIndex = envCount(env, 'JOB_COMPLETION_INDEX');
  if (slurmId !== undefined) {
    const min = envCount(env, 'SLURM_ARRAY_TASK_MIN');
    const max = envCount(env, 'SLURM_ARRAY_TASK_MAX');
    let count = given;
    if (count === undefined) {
      const size = envCount(env, 'SLURM_ARRAY_TASK_COUNT') ?? (min !== undefined && max !== undefined ? max - min + 1 : undefined);
      const vars = `SLURM_ARRAY_TASK_ID=${slurmId}, _COUNT=${env.SLURM_ARRAY_TASK_COUNT ?? 'unset'}, _MIN=${min ?? 'unset'}, _MAX=${max ?? 'unset'}`;
      if (size === undefined) throw new SolhError(`--shard auto: the array's size is not in the environment (${vars}): give the count, --shard auto/n`);
      if (size < 2 || (min !== undefined && min !== 0) || (max !== undefined && max !== size - 1)) {
        throw new SolhError(`--shard auto: this array is not tasks 0..n−1 of one grid (${vars}; a task resubmitted alone?): give the grid's part count, --shard auto/n`);
      }
      count = size;
    }
    if (slurmId >= count) throw new SolhError(`--shard auto/${count}: SLURM_ARRAY_TASK_ID=${slurmId} is not below ${count}: submit --array=0-${count - 1}`);
    return { index: slurmId, count, source: 'SLURM_ARRAY_TASK_ID' };
  }
  if (k8sIndex !== undefined) {
    if (given === undefined) throw new SolhError(`--shard auto: JOB_COMPLETION_INDEX=${k8sIndex} is set but Kubernetes does not give the number of parts: write --shard auto/n with n = the Job's spec.completions`);
    if (k8sIndex >= given) throw new SolhError(`--shard auto/${given}: JOB_COMPLETION_INDEX=${k8sIndex} is not below ${given}: set spec.completions to ${given}`);
    return { index: k8sIndex, count: given, source: 'JOB_COMPLETION_INDEX' };
  }
  throw new SolhError('--shard auto: neither SLURM_ARRAY_TASK_ID (a Slurm job array) nor JOB_COMPLETION_INDEX (a Kubernetes indexed Job) is set: run it as an array task, or give the part, --shard i/n');
}

export function selectShard(keys: RunKey[], s: Shard): RunKey[] {
  return keys.filter((_, i) => i % s.count === s.index);
}

/** The line a command prints when it read its part from the environment. */
export function shardNote(s: Shard): string | undefined {
  return s.source ? `shard ${s.index}/${s.count} (part from ${s.source})` : undefined;
}
