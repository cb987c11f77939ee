/** The package's own root and the versions records hold, read here from the files themselves. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot, packageVersions } from '../../src/experiment/package-info';
import { repoRoot } from '../helpers/paths';

test('packageRoot is the repository root (the solh package, not the library package below it)', () => {
  assert.equal(realpathSync(packageRoot()), realpathSync(repoRoot()));
  assert.equal(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).name, 'solh');
});

test('packageVersions: solh from package.json, TF.js from the installed @tensorflow/tfjs', () => {
  const own = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
  const tfjs = JSON.parse(readFileSync(join(repoRoot(), 'node_modules/@tensorflow/tfjs/package.json'), 'utf8'));
  assert.deepEqual(packageVersions(), { solh: own.version, tfjs: tfjs.version });
  // The lockfile pins TF.js; the version records carry must be that one.
  assert.equal(packageVersions().tfjs, own.devDependencies['@tensorflow/tfjs']);
});
