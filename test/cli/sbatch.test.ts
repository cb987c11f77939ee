/** `--sbatch N`: the job-array script, its parts checked by hand and run by bash with a stand-in sbatch and solh (the real Slurm: test/cluster). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { arrayScript, checkTasks, commandArgs, memoryRequestMiB, shellWord, timeRequest } from '../../src/cli/sbatch';
import { SolhError } from '../../src/errors';
import { solh } from '../helpers/cli';
import { tempDir } from '../helpers/paths';

test('the user\'s arguments are kept, less the flags the script sets (--sbatch, --shard, --out, --jobs, as "--f v" or "--f=v")', () => {
  const raw = ['/usr/bin/node', '/x/bin/solh', 'run', '--set', 'training.patience=5', 'data.scaling=none', '--sbatch', '8', '--out=runs/a', '--jobs', '2', '--losses', 'bce', '--shard=0/2'];
  assert.deepEqual(commandArgs(raw, 'run'), ['--set', 'training.patience=5', 'data.scaling=none', '--losses', 'bce']);
});

test('shell words read back as the same strings', () => {
  const words = ['plain', 'solh:cosine(0.5,0.3)', "it's", 'a b', '$HOME', 'x;y', '--set', 'k=v'];
  const r = spawnSync('bash', ['-c', `printf '%s\\n' ${words.map(shellWord).join(' ')}`], { encoding: 'utf8' });
  assert.deepEqual(r.stdout.split('\n').slice(0, -1), words);
  assert.equal(shellWord('runs/a-b_c.d'), 'runs/a-b_c.d');
});

test('--mem is 1.5 × the peak rounded up to 64 MiB; --time is at least 10 minutes, in Slurm\'s [D-]HH:MM:SS', () => {
  // 193 × 1.5 = 289.5 → 5 × 64 = 320; 341 × 1.5 = 511.5 → 8 × 64 = 512; 342 × 1.5 = 513 → 576.
  assert.equal(memoryRequestMiB(193), 320);
  assert.equal(memoryRequestMiB(341), 512);
  assert.equal(memoryRequestMiB(342), 576);
  assert.equal(timeRequest(0), '00:10:00');
  assert.equal(timeRequest(601), '00:11:00');
  assert.equal(timeRequest(25 * 3600 + 1), '1-01:01:00');
  assert.throws(() => checkTasks(9, 8), (e: Error) => e instanceof SolhError && /--sbatch 9: the grid has only 8 runs, so 1 task would have nothing to do: use --sbatch 8 or fewer/.test(e.message));
  checkTasks(8, 8);
});

test('the script submits the array and an afterok merge, resubmits one task given its index, and each task runs its part with --shard auto/n', () => {
  const dir = tempDir();
  const log = join(dir, 'calls');
  // Stand-ins: sbatch prints a job id and logs its arguments; solh logs how it was called.
  const sbatch = join(dir, 'sbatch');
  writeFileSync(sbatch, `#!/bin/bash\necho "sbatch $*" >> '${log}'\nn=$(wc -l < '${log}')\necho "$((100 + n));cluster"\n`);
  const launcher = join(dir, 'solh');
  writeFileSync(launcher, `#!/bin/bash\necho "solh $* (cwd $PWD)" >> '${log}'\n`);
  chmodSync(sbatch, 0o755);
  chmodSync(launcher, 0o755);
  const out = join(dir, 'runs', 'grid');
  const text = arrayScript({
    subcommand: 'run', args: ['--losses', 'bce,solh:cosine(0.5,0.3)'], tasks: 4, jobs: 2, out, cwd: dir, launcher, totalRuns: 30, runsPerTask: 8,
    probe: { runs: 2, jobs: 2, peakMiB: 341, seconds: 6, runSeconds: 60 },
  });
  assert.match(text, /^#SBATCH --array=0-3$/m);
  assert.match(text, /^#SBATCH --cpus-per-task=2$/m);
  assert.match(text, /^#SBATCH --mem=512M$/m);
  // 8 runs a task on 2 workers: 4 a worker; 3 × (6 s + 4 × 60 s) = 738 s → 12.3 minutes → 13.
  assert.match(text, /^#SBATCH --time=00:13:00$/m);
  assert.match(text, /^# --mem: 1\.5 × 341 MiB, the peak resident memory/m);
  const script = join(dir, 'grid.sh');
  writeFileSync(script, text);
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dir}:${process.env.PATH}` };
  delete env.SLURM_JOB_ID;
  const submit = spawnSync('bash', [script], { encoding: 'utf8', env });
  assert.equal(submit.status, 0, submit.stderr);
  assert.equal(submit.stdout, 'submitted array job 101 and merge job 102\n');
  const resume = spawnSync('bash', [script, '2'], { encoding: 'utf8', env });
  assert.equal(resume.stdout, 'submitted array job 103 (task 2) and merge job 104\n');
  const task = spawnSync('bash', [script], { encoding: 'utf8', env: { ...env, SLURM_JOB_ID: '105', SLURM_ARRAY_TASK_ID: '2' } });
  assert.equal(task.status, 0, task.stderr);
  const calls = readFileSync(log, 'utf8').split('\n');
  const merge = `--wrap cd ${dir} && ${launcher} merge $(seq -f ${out}-shard-%g 0 3) --out ${out}`;
  assert.deepEqual(calls, [
    `sbatch --parsable ${script}`,
    `sbatch --parsable --job-name=solh-merge --output=${out}-slurm-merge-%j.out --dependency=afterok:101 --kill-on-invalid-dep=yes ${merge}`,
    `sbatch --parsable --array=2 ${script}`,
    `sbatch --parsable --job-name=solh-merge --output=${out}-slurm-merge-%j.out --dependency=afterok:103 --kill-on-invalid-dep=yes ${merge}`,
    `solh run --losses bce,solh:cosine(0.5,0.3) --jobs 2 --shard auto/4 --out ${out}-shard-2 (cwd ${dir})`,
    '',
  ]);
  // The merge's word list, as sh expands it in the job.
  const words = spawnSync('sh', ['-c', `seq -f ${shellWord(`${out}-shard-%g`)} 0 3`], { encoding: 'utf8' }).stdout.trim().split('\n');
  assert.deepEqual(words, [0, 1, 2, 3].map((i) => `${out}-shard-${i}`));
});

test('solh run --sbatch: the script for the same command from a measured probe; bad --sbatch is one line, exit 2', () => {
  const args = ['run', '--target', 'f1', '--losses', 'bce,solh:uniform', '--seeds', '2', '--max-epochs', '2', '--jobs', '1', '--backend', 'wasm'];
  const out = join(tempDir(), 'grid');
  const r = solh([...args, '--out', out, '--sbatch', '2']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^#!\/bin\/bash\n# Slurm job array for: solh run --target f1 --losses bce,solh:uniform --seeds 2 --max-epochs 2 --backend wasm\n/);
  assert.match(r.stdout, /^# 2 tasks, task i runs part i of 2 of the grid's 4 runs \(at most 2\)/m);
  const peak = Number(/^# --mem: 1\.5 × (\d+) MiB/m.exec(r.stdout)?.[1]);
  assert.ok(peak > 50 && peak < 4096, `peak ${peak} MiB`);
  assert.match(r.stdout, new RegExp(`^#SBATCH --mem=${memoryRequestMiB(peak)}M$`, 'm'));
  assert.match(r.stdout, /--jobs 1 --shard auto\/2 --out [^ ]*grid-shard-"\$\{SLURM_ARRAY_TASK_ID\}"$/m);
  assert.equal(spawnSync('bash', ['-n'], { input: r.stdout }).status, 0);
  assert.doesNotMatch(r.stdout, /--sbatch \d/);
  for (const [flags, message] of [
    [['--sbatch', '5'], /^solh: error: --sbatch 5: the grid has only 4 runs, so 1 task would have nothing to do: use --sbatch 4 or fewer\n$/],
    [['--sbatch', '0'], /^solh: error: --sbatch: "0" must be a whole number ≥ 1\n$/],
    [['--sbatch', '2', '--shard', '0/2'], /^solh: error: --sbatch and --shard: .* leave out --shard\n$/],
  ] as const) {
    const bad = solh([...args, '--out', out, ...flags]);
    assert.equal(bad.status, 2, bad.stderr);
    assert.match(bad.stderr, message);
  }
});
