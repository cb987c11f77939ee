/**
 * End to end on a real Slurm (`npm run test:cluster`, not part of `npm test`): a one-node cluster on
 * 127.0.0.1 (scripts/slurm-local.sh) runs the script printed by `solh run --sbatch 4` as a job
 * array; one task is cancelled with scancel mid-run and resubmitted alone; the dependent merge job
 * joins the parts, and the merged records must equal an unsharded run's in every field.
 * Needs root and Debian's slurm-wlm and munge (installed when missing); without them it fails when
 * CI=true and passes with a note elsewhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStore } from '../../src/store/store';
import { comparable, recordFileName, RunRecord } from '../../src/experiment/record';
import { repoRoot, tempDir } from '../helpers/paths';
import { solh } from '../helpers/cli';

const SCRIPT = () => join(repoRoot(), 'scripts', 'slurm-local.sh');
const TASKS = 4;
// 2 losses × 8 seeds = 16 runs, 4 a task, trained two at a time (a seed's pair in lock step): a
// task records a pair, then trains the next pair while the first is written. Every run trains its
// 400 epochs (patience as long), ~1 s a pair: long enough to cancel a task between its first and
// last record (at 20 epochs the second pair could finish before the cancel landed).
const GRID = ['run', '--target', 'f1', '--losses', 'bce,solh:uniform', '--seeds', '8', '--max-epochs', '400', '--set', 'training.patience=400', '--jobs', '1', '--backend', 'wasm'];

function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, timeout = 120_000) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, timeout, cwd: repoRoot() });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const seconds = (from: number) => (Date.now() - from) / 1000;

async function until<T>(what: string, timeoutS: number, probe: () => T | undefined): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (seconds(started) > timeoutS) throw new Error(`timed out after ${timeoutS} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The state of each job or array task of `job` (e.g. {"7_0": "CANCELLED", "7_[2-3]": "PENDING", "8": "COMPLETED"}). */
function states(env: NodeJS.ProcessEnv, ...jobs: string[]): Record<string, string> {
  const r = sh('squeue', ['-h', '-t', 'all', '-j', jobs.join(','), '-o', '%i %T'], env);
  return Object.fromEntries(r.stdout.trim().split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/) as [string, string]));
}

const FINAL = new Set(['COMPLETED', 'CANCELLED', 'FAILED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'BOOT_FAIL', 'DEADLINE', 'PREEMPTED']);
const allFinal = (s: Record<string, string>, n: number) => Object.keys(s).length === n && Object.values(s).every((x) => FINAL.has(x));

/** Processes (pid and command line) whose command line mentions `text`. */
function processesWith(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(text)) found.push(`${pid}: ${cmd}`);
    } catch {
      /* gone */
    }
  }
  return found;
}

/** Every leaf of a JSON value, by path. */
function leaves(x: unknown, path = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) leaves(v, path ? `${path}.${k}` : k, out);
  else out.set(path, x);
  return out;
}

function unavailable(t: { skip: (m: string) => void }, why: string): void {
  if (process.env.CI === 'true') assert.fail(`the Slurm test cannot run here: ${why} (CI=true: this is a failure)`);
  t.skip(`not tested here: ${why} (passes with this note locally; fails when CI=true)`);
}

test('a Slurm job array from `solh run --sbatch 4` (--shard auto), one task cancelled and resubmitted, merged by the dependent job, equals the unsharded run', { timeout: 300_000 }, async (t) => {
  const timings: [string, number][] = [];
  const why = sh(SCRIPT(), ['check']);
  if (why.status !== 0) return unavailable(t, why.stdout.trim());
  let from = Date.now();
  const installed = sh('sh', ['-c', 'command -v slurmctld && command -v slurmd && command -v sbatch && command -v munged']).status === 0;
  if (!installed) {
    const inst = sh(SCRIPT(), ['install'], process.env, 280_000);
    if (inst.status !== 0) return unavailable(t, `installing slurm-wlm and munge failed: ${(inst.stderr || inst.stdout).trim().split('\n').pop()}`);
  }
  timings.push([installed ? 'install (already installed)' : 'install (apt-get update + install)', seconds(from)]);

  const cluster = tempDir('solh-slurm-');
  const env = { ...process.env, SLURM_CONF: join(cluster, 'slurm.conf') };
  const stop = () => sh(SCRIPT(), ['stop', cluster]);
  // The daemons are stopped by pid whatever happens: test end, a failed assertion, Ctrl-C.
  t.after(stop);
  const onSignal = (s: NodeJS.Signals) => {
    stop();
    process.exit(128 + (s === 'SIGINT' ? 2 : 15));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  t.after(() => {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  });
  from = Date.now();
  const up = sh(SCRIPT(), ['start', cluster]);
  assert.equal(up.status, 0, `slurm-local.sh start: ${up.stdout}${up.stderr}`);
  timings.push(['start (munged, slurmctld, slurmd; node idle)', seconds(from)]);

  // The reference: the same grid, unsharded, outside Slurm.
  const work = tempDir('solh-slurm-runs-');
  const whole = join(work, 'whole');
  from = Date.now();
  const ref = solh([...GRID, '--quiet', '--out', whole]);
  assert.equal(ref.status, 0, ref.stderr);
  timings.push(['unsharded run (16 runs, 1 job, outside Slurm)', seconds(from)]);

  // The job-array script, as a user gets it.
  const out = join(work, 'grid');
  from = Date.now();
  const made = solh([...GRID, '--out', out, '--sbatch', String(TASKS)]);
  assert.equal(made.status, 0, made.stderr);
  timings.push(['solh run --sbatch 4 (the memory probe)', seconds(from)]);
  const script = join(work, 'grid.sh');
  writeFileSync(script, made.stdout);
  assert.match(made.stdout, /^#SBATCH --array=0-3$/m);
  assert.match(made.stdout, /^#SBATCH --cpus-per-task=1$/m);
  assert.match(made.stdout, /--shard auto\/4/);
  t.diagnostic(`script: ${made.stdout.split('\n').filter((l) => l.startsWith('#SBATCH') || l.startsWith('# --mem')).join(' | ')}`);

  from = Date.now();
  const sub = sh('bash', [script], env);
  assert.equal(sub.status, 0, sub.stderr);
  const [, array, merge1] = /submitted array job (\d+) and merge job (\d+)/.exec(sub.stdout) ?? assert.fail(`no job ids in: ${sub.stdout}`);

  // Cancel task 0 after its first record, while it trains the next.
  const log0 = `${out}-slurm-${array}_0.out`;
  await until('task 0 to record its first run', 120, () => (existsSync(log0) && /\[1\/4\]/.test(readFileSync(log0, 'utf8')) ? true : undefined));
  const cancel = sh('scancel', [`${array}_0`], env);
  assert.equal(cancel.status, 0, cancel.stderr);
  await until('task 0 to be cancelled', 30, () => (states(env, `${array}_0`)[`${array}_0`] === 'CANCELLED' ? true : undefined));
  // proctrack/cgroup: nothing of the task survives it (no solh process still writing to its folder).
  await until('the cancelled task\'s processes to end', 15, () => (processesWith(`${out}-shard-0`).length === 0 ? true : undefined));
  const kept = readStore(`${out}-shard-0`).records.length;
  assert.ok(kept >= 1 && kept < 4, `task 0 was cancelled mid-run: it holds ${kept} of its 4 records`);
  t.diagnostic(`task 0 cancelled after ${kept} of its 4 records`);
  const arrayEnd = await until('the other tasks and the merge job to finish', 180, () => {
    const s = states(env, array, merge1);
    return allFinal(s, TASKS + 1) ? s : undefined;
  });
  timings.push(['array (submit → 3 tasks done, 1 cancelled)', seconds(from)]);
  for (const i of [1, 2, 3]) assert.equal(arrayEnd[`${array}_${i}`], 'COMPLETED', `task ${i}: ${JSON.stringify(arrayEnd)}`);
  // The merge waits for every task to succeed (afterok); with one cancelled it is cancelled too.
  assert.equal(arrayEnd[merge1], 'CANCELLED', JSON.stringify(arrayEnd));
  assert.ok(!existsSync(out) || readStore(out).records.length === 0, 'no merge happened with a task missing');

  // Resume: the script given the task's index resubmits that part alone, then the merge again.
  from = Date.now();
  const again = sh('bash', [script, '0'], env);
  assert.equal(again.status, 0, again.stderr);
  const [, array2, merge2] = /submitted array job (\d+) \(task 0\) and merge job (\d+)/.exec(again.stdout) ?? assert.fail(`no job ids in: ${again.stdout}`);
  const resumed = await until('the resubmitted task', 120, () => {
    const s = states(env, array2);
    return allFinal(s, 1) ? s : undefined;
  });
  timings.push(['resume (resubmit task 0 → done)', seconds(from)]);
  assert.equal(Object.values(resumed)[0], 'COMPLETED', JSON.stringify(resumed));
  const log = readFileSync(`${out}-slurm-${array2}_0.out`, 'utf8');
  assert.match(log, new RegExp(`running ${4 - kept} of 4 runs \\(${kept} already recorded\\)`), log);
  from = Date.now();
  const merged = await until('the merge job', 120, () => {
    const s = states(env, merge2);
    return allFinal(s, 1) ? s[merge2] : undefined;
  });
  timings.push(['merge (dependent job: scheduled, run)', seconds(from)]);
  const mergeLog = readFileSync(`${out}-slurm-merge-${merge2}.out`, 'utf8');
  assert.equal(merged, 'COMPLETED', mergeLog);
  assert.match(mergeLog, /^16 records from 4 folders written to .*; 0 duplicates, 0 gaps$/m);

  // Every field of every record (less run time, versions and the data path) equals the unsharded run's.
  const byName = (rs: RunRecord[]) => new Map(rs.map((r) => [recordFileName(r.key), comparable(r)]));
  const a = byName(readStore(whole).records);
  const b = byName(readStore(out).records);
  assert.equal(a.size, 16);
  assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
  let fields = 0;
  let scores = 0;
  for (const [name, ra] of a) {
    const la = leaves(ra);
    const lb = leaves(b.get(name));
    assert.deepEqual([...lb.keys()].sort(), [...la.keys()].sort(), name);
    for (const [p, v] of la) {
      assert.ok(Object.is(lb.get(p), v), `${name} ${p}: merged ${String(lb.get(p))}, unsharded ${String(v)}`);
      fields++;
      if (p.startsWith('evaluation.') && typeof v === 'number') scores++;
    }
  }
  assert.deepStrictEqual(b, a);
  t.diagnostic(`agreement: ${a.size} records, ${fields} fields (${scores} of them scores under evaluation.*), every one identical (Object.is) to the unsharded run's`);
  t.diagnostic(`timings (s): ${timings.map(([k, v]) => `${k} ${v.toFixed(1)}`).join('; ')}`);
});
