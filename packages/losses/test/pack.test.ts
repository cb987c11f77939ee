/**
 * The packages as users get them: `npm pack` each workspace package, install the tarballs into
 * scratch projects next to @tensorflow/tfjs (from npm's cache), and use them there. The library
 * alone adds at most 5 packages to a TF.js app and has no install script; the CLI installs with it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tempDir } from '../../../test/helpers/paths';

const npm = (args: string[], cwd: string) => spawnSync('npm', args, { cwd, encoding: 'utf8' });

function pack(workspace: string[], dir: string): { filename: string; paths: string[] } {
  // dist/ is already built by the test run; --ignore-scripts keeps `prepare` from rewriting it under running tests.
  const r = npm(['pack', ...workspace, '--ignore-scripts', '--json', '--pack-destination', dir], repoRoot());
  assert.equal(r.status, 0, r.stderr);
  const info = JSON.parse(r.stdout)[0] as { filename: string; files: { path: string }[] };
  return { filename: info.filename, paths: info.files.map((f) => f.path) };
}

function install(dir: string, specs: string[]): void {
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true }));
  const args = ['install', '--no-audit', '--no-fund', ...specs];
  // Offline from npm's cache; where the cache lacks some registry metadata, prefer it but ask the registry.
  let r = npm([...args, '--offline'], dir);
  if (r.status !== 0) r = npm([...args, '--prefer-offline'], dir);
  assert.equal(r.status, 0, r.stderr);
}

/** Packages installed in a scratch project, read from the lockfile npm wrote. */
function installedPackages(dir: string): string[] {
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  return Object.keys(lock.packages).filter((k) => k !== '');
}

test('library package alone: no install script, at most 5 added packages, trains with model.fit, CJS and ESM, one TF.js', () => {
  const dir = tempDir('solh-pack-lib-');
  const lib = pack(['-w', 'solh-losses'], dir);
  for (const must of ['dist/index.cjs', 'dist/index.mjs', 'dist/core.cjs', 'dist/core.mjs', 'dist/types/core.d.ts', 'dist/solh-losses.browser.js', 'dist/types/index.d.ts', 'LICENSE', 'README.md', 'package.json']) {
    assert.ok(lib.paths.includes(must), `tarball lacks ${must}`);
  }
  for (const never of [/^src\//, /^test\//, /\.ts$/]) {
    const bad = lib.paths.find((p) => never.test(p) && !p.endsWith('.d.ts'));
    assert.equal(bad, undefined, `tarball holds ${bad}`);
  }
  const manifest = JSON.parse(readFileSync(join(repoRoot(), 'packages', 'losses', 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>; dependencies?: Record<string, string>; sideEffects?: boolean;
  };
  for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) assert.equal(manifest.scripts?.[hook], undefined, `install script ${hook}`);
  assert.deepEqual(manifest.dependencies ?? {}, {});
  assert.equal(manifest.sideEffects, false);

  const app = join(dir, 'app');
  const bare = join(dir, 'bare');
  for (const d of [app, bare]) execFileSync('mkdir', ['-p', d]);
  install(bare, ['@tensorflow/tfjs@4.22.0']);
  install(app, [join(dir, lib.filename), '@tensorflow/tfjs@4.22.0']);
  const added = installedPackages(app).filter((p) => !installedPackages(bare).includes(p));
  assert.ok(added.length <= 5, `the library added ${added.length} packages: ${added.join(', ')}`);
  assert.ok(added.includes('node_modules/solh-losses'));
  // One copy of tfjs-core on disk: the library's peer dependency is the user's TF.js.
  assert.ok(existsSync(join(app, 'node_modules', '@tensorflow', 'tfjs-core')));
  assert.ok(!existsSync(join(app, 'node_modules', 'solh-losses', 'node_modules')), 'solh-losses has its own node_modules');

  const fixtures = join(repoRoot(), 'packages', 'losses', 'test', 'fixtures');
  copyFileSync(join(fixtures, 'scratch-user.js'), join(app, 'user.js'));
  copyFileSync(join(fixtures, 'scratch-user.mjs'), join(app, 'user.mjs'));
  const run = spawnSync(process.execPath, ['user.js'], { cwd: app, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(!/already registered/.test(run.stderr), 'a second TF.js registered its kernels again');
  const out = JSON.parse(run.stdout.trim().split('\n').pop()!) as { loss: number[]; f1: number; allPositiveF1: number; tfCoreCopiesLoaded: string[] };
  assert.equal(out.tfCoreCopiesLoaded.length, 1, out.tfCoreCopiesLoaded.join(', '));
  assert.ok(out.loss[out.loss.length - 1] < out.loss[0] - 0.05, `F1 loss ${out.loss[0]} -> ${out.loss[out.loss.length - 1]}`);
  assert.ok(out.f1 > out.allPositiveF1 + 0.1, `F1 ${out.f1} vs all-positive ${out.allPositiveF1}`);

  const esm = spawnSync(process.execPath, ['user.mjs'], { cwd: app, encoding: 'utf8' });
  assert.equal(esm.status, 0, esm.stderr);
  const e = JSON.parse(esm.stdout.trim().split('\n').pop()!) as { value: number; refused: boolean };
  assert.ok(Number.isFinite(e.value) && e.value > 0 && e.value < 1, `ESM loss ${e.value}`);
  assert.equal(e.refused, true, 'SolhError of the ESM build');

  // The TF.js-free entry, as installed: CommonJS loads no @tensorflow module; ESM resolves it too.
  const coreCjs = spawnSync(process.execPath, ['-e', `const c = require('solh-losses/core'); console.log(JSON.stringify({ tf: Object.keys(require.cache).filter((f) => f.includes('@tensorflow')), bce: typeof c.flatBce }))`], { cwd: app, encoding: 'utf8' });
  assert.equal(coreCjs.status, 0, coreCjs.stderr);
  assert.deepEqual(JSON.parse(coreCjs.stdout), { tf: [], bce: 'function' });
  const coreEsm = spawnSync(process.execPath, ['--input-type=module', '-e', `import { parseLoss } from 'solh-losses/core'; console.log(parseLoss('solh:uniform').spec)`], { cwd: app, encoding: 'utf8' });
  assert.equal(coreEsm.status, 0, coreEsm.stderr);
  assert.equal(coreEsm.stdout.trim(), 'solh:uniform');
});

test('CLI package: installs with the library tarball and runs', () => {
  const dir = tempDir('solh-pack-cli-');
  const lib = pack(['-w', 'solh-losses'], dir);
  const cli = pack([], dir);
  for (const must of ['bin/solh', 'dist/src/index.js', 'dist/src/cli/main.js', 'configs/paper.json', 'data/actg175.csv']) {
    assert.ok(cli.paths.includes(must), `tarball lacks ${must}`);
  }
  for (const never of [/^results\//, /^dist\/test\//, /^test\//, /^docs\//, /\.svg$/, /^src\//, /^packages\//, /^dist\/packages\//]) {
    assert.ok(!cli.paths.some((p) => never.test(p)), `tarball holds ${cli.paths.find((p) => never.test(p))}`);
  }
  install(dir, [join(dir, lib.filename), join(dir, cli.filename), '@tensorflow/tfjs@4.22.0']);
  const help = execFileSync(join(dir, 'node_modules', '.bin', 'solh'), ['run', '--help'], { encoding: 'utf8' });
  assert.match(help, /train every \(target, loss, seed\)/);
});
