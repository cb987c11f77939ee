/** Shared test helpers for test/data (no tests here). */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SolhError } from '../../src/errors';

/** Repo root: walk up from here (dist/test/data or a scratch build) and from cwd to a folder with package.json and data/. */
export function repoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let d = start; ; d = dirname(d)) {
      if (existsSync(join(d, 'package.json')) && existsSync(join(d, 'data', 'actg175.csv'))) return d;
      if (dirname(d) === d) break;
    }
  }
  throw new Error('cannot find the repository root (a folder with package.json and data/actg175.csv)');
}

export const actgPath = (): string => join(repoRoot(), 'data', 'actg175.csv');

const tempDirs: string[] = [];
process.on('exit', () => { for (const d of tempDirs) rmSync(d, { recursive: true, force: true }); });

/** Writes text to a fresh temp file (removed at exit) and returns its path. */
export function tempFile(name: string, text: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'solh-data-'));
  tempDirs.push(dir);
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** Asserts that fn throws a one-line SolhError whose message matches every pattern. */
export function throwsSolh(fn: () => unknown, ...patterns: RegExp[]): SolhError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof SolhError, `expected a SolhError, got ${err === undefined ? 'no error' : String(err)}`);
  assert.ok(!err.message.includes('\n'), `message must be one line: ${JSON.stringify(err.message)}`);
  for (const p of patterns) assert.match(err.message, p);
  return err;
}
