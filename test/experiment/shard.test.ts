/** Sharding a grid over n processes and merging the parts gives the records of one unsharded run. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { writeFileSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { loadConfig } from '../../src/experiment/config';
import { planRuns } from '../../src/experiment/grid';
import { selectShard, parseShard } from '../../src/experiment/shard';
import { readStore } from '../../src/store/store';
import { comparable, recordFileName } from '../../src/experiment/record';
import { SolhError } from '../../src/errors';
import { repoRoot, tempDir, SOLH_BIN } from '../helpers/paths';
import { solh } from '../helpers/cli';

test('every run of the paper grid is in exactly one shard, for n = 1..9', () => {
  const keys = planRuns(loadConfig(join(repoRoot(), 'configs/paper.json')));
  for (let n = 1; n <= 9; n++) {
    const seen = new Map<string, number>();
    for (let i = 0; i < n; i++) for (const k of selectShard(keys, { index: i, count: n })) seen.set(recordFileName(k), (seen.get(recordFileName(k)) ?? 0) + 1);
    assert.equal(seen.size, keys.length);
    assert.ok([...seen.values()].every((c) => c === 1));
  }
  assert.deepEqual(parseShard('2/5'), { index: 2, count: 5 });
  for (const bad of ['5/5', '1', '-1/3', 'a/b', '0/0']) assert.throws(() => parseShard(bad), SolhError, bad);
});

const SLICE = ['run', '--target', 'f1', '--losses', 'bce,solh:uniform,soft-set', '--seeds', '2', '--max-epochs', '3', '--jobs', '1', '--backend', 'wasm', '--quiet'];

function runAsync(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SOLH_BIN(), ...args], { cwd: repoRoot(), stdio: 'ignore' });
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

test('3 shard processes, merged, equal one unsharded run; merge reports duplicates and gaps and refuses mixed configs', async () => {
  const whole = tempDir();
  const shards = [tempDir(), tempDir(), tempDir()];
  const codes = await Promise.all([runAsync([...SLICE, '--out', whole]), ...shards.map((d, i) => runAsync([...SLICE, '--shard', `${i}/3`, '--out', d]))]);
  assert.deepEqual(codes, [0, 0, 0, 0]);
  const merged = tempDir();
  const m = solh(['merge', ...shards, '--out', merged]);
  assert.equal(m.status, 0, m.stderr);
  assert.match(m.stdout, /6 records from 3 folders .* 0 duplicates, 0 gaps/);
  const a = readStore(whole).records.map(comparable).sort((x, y) => recordFileName(x.key).localeCompare(recordFileName(y.key)));
  const b = readStore(merged).records.map(comparable).sort((x, y) => recordFileName(x.key).localeCompare(recordFileName(y.key)));
  assert.equal(a.length, 6);
  assert.deepStrictEqual(b, a);

  // A duplicate (the whole run beside a shard) is reported; a missing shard is a gap.
  const dup = solh(['merge', shards[0], whole, '--out', tempDir()]);
  assert.match(dup.stderr, /duplicate \(identical, kept once\)/);
  const gap = solh(['merge', shards[0], shards[1], '--out', tempDir()]);
  assert.equal(gap.status, 1);
  assert.match(gap.stderr, /gap: no record for/);
  // Records of another protocol are refused.
  const other = tempDir();
  const f = readdirSync(shards[2]).find((x) => x.endsWith('.json'))!;
  const rec = JSON.parse(readFileSync(join(shards[2], f), 'utf8'));
  rec.configHash = 'ffffffffffffffff';
  writeFileSync(join(other, f), JSON.stringify(rec));
  const mixed = solh(['merge', shards[0], other, '--out', tempDir()]);
  assert.equal(mixed.status, 2);
  assert.match(mixed.stderr, /merge only shards of one grid/);
});

test('--shard auto: the part from a Slurm array (its size as the count, or auto/n) or a Kubernetes indexed Job (auto/n); anything ambiguous is refused', () => {
  const slurm = (id: number, count: number, min = 0, max = count - 1) => ({
    SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_COUNT: String(count), SLURM_ARRAY_TASK_MIN: String(min), SLURM_ARRAY_TASK_MAX: String(max),
  });
  assert.deepEqual(parseShard('auto', slurm(2, 4)), { index: 2, count: 4, source: 'SLURM_ARRAY_TASK_ID' });
  // Without _COUNT (older Slurm), the size is MAX − MIN + 1.
  assert.deepEqual(parseShard('auto', { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '2' }), { index: 1, count: 3, source: 'SLURM_ARRAY_TASK_ID' });
  // Task 3 of 8 resubmitted alone (--array=3): an array of one; with the count given it is part 3/8.
  assert.throws(() => parseShard('auto', slurm(3, 1, 3, 3)), /not tasks 0\.\.n−1 .*--shard auto\/n/);
  assert.deepEqual(parseShard('auto/8', slurm(3, 1, 3, 3)), { index: 3, count: 8, source: 'SLURM_ARRAY_TASK_ID' });
  // Task 0 resubmitted alone would silently be the whole grid (0/1): refused.
  assert.throws(() => parseShard('auto', slurm(0, 1)), /not tasks 0\.\.n−1/);
  // A stepped array (--array=0-6:2) is not 0..n−1.
  assert.throws(() => parseShard('auto', slurm(2, 4, 0, 6)), /not tasks 0\.\.n−1/);
  assert.throws(() => parseShard('auto/4', slurm(5, 8)), /SLURM_ARRAY_TASK_ID=5 is not below 4/);
  assert.deepEqual(parseShard(' auto / 8 ', { JOB_COMPLETION_INDEX: '7' }), { index: 7, count: 8, source: 'JOB_COMPLETION_INDEX' });
  assert.throws(() => parseShard('auto', { JOB_COMPLETION_INDEX: '7' }), /Kubernetes does not give the number of parts: write --shard auto\/n/);
  assert.throws(() => parseShard('auto/8', { JOB_COMPLETION_INDEX: '8' }), /not below 8/);
  assert.throws(() => parseShard('auto', {}), /^SolhError: --shard auto: neither SLURM_ARRAY_TASK_ID .* nor JOB_COMPLETION_INDEX .* is set/);
  assert.throws(() => parseShard('auto', { SLURM_ARRAY_TASK_ID: 'x' }), /SLURM_ARRAY_TASK_ID="x" is not a whole number/);
  assert.throws(() => parseShard('auto/0', slurm(0, 2)), /at least 1/);
  for (const bad of ['auto/', 'autox', 'auto/-1']) assert.throws(() => parseShard(bad, slurm(0, 2)), SolhError, bad);
});

test('solh run --shard auto outside a job array: one line, exit 2, nothing written', () => {
  const out = join(tempDir(), 'never');
  const r = solh([...SLICE, '--shard', 'auto', '--out', out]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^solh: error: --shard auto: neither SLURM_ARRAY_TASK_ID \(a Slurm job array\) nor JOB_COMPLETION_INDEX \(a Kubernetes indexed Job\) is set: run it as an array task, or give the part, --shard i\/n\n$/);
  assert.equal(existsSync(out), false);
});
