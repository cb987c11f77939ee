/**
 * The package as a user gets it: `npm pack`, install the tarball with @tensorflow/tfjs into a
 * scratch project (from npm's cache), and train there with model.fit. The tarball holds the built
 * library, CLI, examples, configs and data, and no results, tests or figures; one TF.js loads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tempDir } from '../helpers/paths';

const npm = (args: string[], cwd: string) => spawnSync('npm', args, { cwd, encoding: 'utf8' });

test('packed tarball: installs next to the user\'s @tensorflow/tfjs, trains with model.fit, loads one TF.js', async () => {
  const root = repoRoot();
  const dir = tempDir('solh-pack-');
  // dist/ is already built by the test run; --ignore-scripts keeps `prepare` from rewriting it under running tests.
  const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], root);
  assert.equal(packed.status, 0, packed.stderr);
  const info = JSON.parse(packed.stdout)[0] as { filename: string; files: { path: string }[] };
  const paths = info.files.map((f) => f.path);
  for (const must of ['bin/solh', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/main.js', 'configs/paper.json', 'data/actg175.csv', 'dist/examples/actg175-f1.js']) {
    assert.ok(paths.includes(must), `tarball lacks ${must}`);
  }
  for (const never of [/^results\//, /^dist\/test\//, /^test\//, /^docs\//, /\.svg$/, /^src\//]) {
    assert.ok(!paths.some((p) => never.test(p)), `tarball holds ${paths.find((p) => never.test(p))}`);
  }

  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true }));
  const install = ['install', '--no-audit', '--no-fund', `./${info.filename}`, '@tensorflow/tfjs@4.22.0'];
  // Offline from npm's cache; where the cache lacks some registry metadata, prefer it but ask the registry.
  let r = npm([...install, '--offline'], dir);
  if (r.status !== 0) r = npm([...install, '--prefer-offline'], dir);
  assert.equal(r.status, 0, r.stderr);
  // One copy of tfjs-core on disk: solh's peer dependency is the user's TF.js.
  const tfDir = join(dir, 'node_modules', '@tensorflow');
  assert.ok(existsSync(join(tfDir, 'tfjs-core')));
  assert.ok(!existsSync(join(dir, 'node_modules', 'solh', 'node_modules', '@tensorflow', 'tfjs-core')), 'solh has its own tfjs-core');

  copyFileSync(join(root, 'test', 'library', 'fixtures', 'scratch-user.js'), join(dir, 'user.js'));
  const run = spawnSync(process.execPath, ['user.js'], { cwd: dir, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(!/already registered/.test(run.stderr), 'a second TF.js registered its kernels again');
  const out = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
    loss: number[]; f1: number; allPositiveF1: number; macroF1: number; majorityMacroF1: number; tfCoreCopiesLoaded: string[];
  };
  assert.equal(out.tfCoreCopiesLoaded.length, 1, out.tfCoreCopiesLoaded.join(', '));
  assert.ok(out.tfCoreCopiesLoaded[0].startsWith(join(dir, 'node_modules', '@tensorflow', 'tfjs-core')));
  assert.ok(out.loss[out.loss.length - 1] < out.loss[0] - 0.1, `F1 loss ${out.loss[0]} -> ${out.loss[out.loss.length - 1]}`);
  assert.ok(out.f1 > out.allPositiveF1 + 0.15, `F1 ${out.f1} vs all-positive ${out.allPositiveF1}`);
  assert.ok(out.macroF1 > 0.6 && out.macroF1 > out.majorityMacroF1 + 0.3, `macro F1 ${out.macroF1} vs majority ${out.majorityMacroF1}`);

  // The CLI runs from the installed package.
  const help = execFileSync(join(dir, 'node_modules', '.bin', 'solh'), ['run', '--help'], { encoding: 'utf8' });
  assert.match(help, /train every \(target, loss, seed\)/);
});
