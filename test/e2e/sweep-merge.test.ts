/** Sharded sweeps (--shard auto in a job array's environment) merged whole: every universe at once equals the unsharded sweep. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { readStore } from '../../src/store/store';
import { comparable, recordFileName, RunRecord } from '../../src/experiment/record';
import { solh } from '../helpers/cli';
import { repoRoot, tempDir, SOLH_BIN } from '../helpers/paths';

function tinyConfig(): string {
  const c = JSON.parse(readFileSync(join(repoRoot(), 'configs/paper.json'), 'utf8'));
  c.sweep = [{ path: 'training.batchSize', values: [128] }, { path: 'data.scaling', values: ['min-max'] }];
  const file = join(tempDir(), 'tiny.json');
  writeFileSync(file, JSON.stringify(c));
  return file;
}

const UNIVERSES = ['default', 'training.batchSize=128', 'data.scaling=min-max'];

function sweep(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SOLH_BIN(), 'sweep', ...args], { cwd: repoRoot(), env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

const sorted = (rs: RunRecord[]) => rs.map(comparable).sort((x, y) => recordFileName(x.key).localeCompare(recordFileName(y.key)));

test('two sweep shards from --shard auto (Slurm array environment), merged in one command, equal the unsharded sweep in every universe', async () => {
  const config = tinyConfig();
  const args = ['--config', config, '--seeds', '2', '--target', 'f1', '--losses', 'bce,solh:uniform', '--max-epochs', '2', '--jobs', '1', '--backend', 'wasm', '--quiet'];
  const whole = tempDir();
  const shards = [tempDir(), tempDir()];
  const array = (i: number) => ({ SLURM_ARRAY_TASK_ID: String(i), SLURM_ARRAY_TASK_COUNT: '2', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '1' });
  const results = await Promise.all([sweep([...args, '--out', whole]), ...shards.map((d, i) => sweep([...args, '--shard', 'auto', '--out', d], array(i)))]);
  results.forEach((r) => assert.equal(r.code, 0, r.stderr));
  assert.match(results[2].stderr, /^shard 1\/2 \(part from SLURM_ARRAY_TASK_ID\)$/m);

  const merged = tempDir();
  const m = solh(['merge', ...shards, '--out', merged]);
  assert.equal(m.status, 0, m.stderr);
  assert.equal(m.stdout, `12 records of 3 universes from 2 folders written to ${merged}; 0 duplicates, 0 gaps\n`);
  for (const u of UNIVERSES) assert.deepStrictEqual(sorted(readStore(join(merged, u)).records), sorted(readStore(join(whole, u)).records), u);
  // The merged manifest is the unsharded sweep's: same universes, settings, seeds and run counts.
  assert.equal(readFileSync(join(merged, 'universes.tsv'), 'utf8'), readFileSync(join(whole, 'universes.tsv'), 'utf8'));
  assert.deepEqual(readdirSync(merged).sort(), [...UNIVERSES, 'universes.tsv'].sort());

  // A shard stopped before its last universe: that universe's missing runs are a gap, named; exit 1.
  const stopped = tempDir();
  cpSync(shards[1], stopped, { recursive: true });
  rmSync(join(stopped, 'data.scaling=min-max'), { recursive: true });
  const half = solh(['merge', shards[0], stopped, '--out', tempDir()]);
  assert.equal(half.status, 1, half.stderr);
  assert.equal(half.stderr, 'gap: no record for data.scaling=min-max: 2 of its 4 planned runs (the shards\' universes.tsv) are not recorded\n');
  assert.match(half.stdout, /^10 records of 3 universes from 2 folders .*; 0 duplicates, 1 gaps\n$/);
  // A sweep folder with a grid folder, or with another sweep's shard: one line, exit 2, nothing written.
  const other = tempDir();
  writeFileSync(join(other, 'universes.tsv'), 'universe\tsettings\tseeds\truns\ndefault\t{}\t3\t6\n');
  for (const [dirs, message] of [
    [[shards[0], join(shards[1], 'default')], /is a sweep folder \(it has universes\.tsv\) but .* is not: merge sweep shards with sweep shards, or give the universe's subfolder/],
    [[shards[0], other], /are not shards of one sweep \(their universes\.tsv list different universes, settings or seeds\): merge the shards of one sweep/],
  ] as const) {
    const target = join(tempDir(), 'never');
    const bad = solh(['merge', ...dirs, '--out', target]);
    assert.equal(bad.status, 2, bad.stderr);
    assert.match(bad.stderr, message);
    assert.equal(bad.stderr.split('\n').length, 2);
    assert.equal(existsSync(target), false);
  }
});

test('solh sweep --sbatch: the array script for the sweep, whose merge joins the sweep folders whole', () => {
  const out = join(tempDir(), 'sweep');
  const r = solh(['sweep', '--config', tinyConfig(), '--seeds', '2', '--target', 'f1', '--losses', 'bce,solh:uniform', '--max-epochs', '2', '--jobs', '1', '--backend', 'wasm', '--out', out, '--sbatch', '2']);
  assert.equal(r.status, 0, r.stderr);
  // 3 universes × 4 runs; each task runs 2 of each universe's 4.
  assert.match(r.stdout, /^# 2 tasks, task i runs part i of 2 of the grid's 12 runs \(at most 6\)/m);
  assert.match(r.stdout, /^exec \S+\/bin\/solh sweep --config \S+ --seeds 2 .* --jobs 1 --shard auto\/2 --out \S+-shard-"\$\{SLURM_ARRAY_TASK_ID\}"$/m);
  assert.match(r.stdout, new RegExp(`bin/solh merge \\$\\(seq -f ${out}-shard-%g 0 1\\) --out ${out}'\\)$`, 'm'));
  assert.equal(spawnSync('bash', ['-n'], { input: r.stdout }).status, 0);
  assert.equal(existsSync(out), false, 'the probe writes nothing into --out');
});
