/**
 * The lockfile describes package.json exactly: otherwise `npm install` on a clean clone rewrites it
 * (as it did when the lock's root said engines ">=20" and the package ">=20.19"). `.ci/run` also
 * checks the whole file with npm; this test needs no network.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths';

test('package-lock.json root entry matches package.json field for field (engines, dependencies, bin, ...)', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as Record<string, unknown>;
  const lock = JSON.parse(readFileSync(join(repoRoot(), 'package-lock.json'), 'utf8')) as { name: string; version: string; packages: Record<string, Record<string, unknown>> };
  const root = lock.packages[''];
  assert.equal(lock.name, pkg.name);
  assert.equal(lock.version, pkg.version);
  // The fields npm copies from package.json into the lock's root entry.
  for (const field of ['name', 'version', 'license', 'bin', 'engines', 'dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
    assert.deepEqual(root[field], pkg[field], `package-lock.json packages[""].${field} differs from package.json: run npm install and commit the lockfile`);
  }
});

test('every dependency named in package.json is locked', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const lock = JSON.parse(readFileSync(join(repoRoot(), 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  for (const name of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]) {
    assert.ok(lock.packages[`node_modules/${name}`], `${name} is in package.json but not in package-lock.json: run npm install`);
  }
});
