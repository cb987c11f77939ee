/** Paths the tests need: the repository root (compiled tests live under dist/test) and temp folders. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';

export function repoRoot(): string {
  let dir = __dirname;
  while (!(existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'configs')))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
}

const made: string[] = [];
export function tempDir(prefix = 'solh-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}
process.on('exit', () => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

export const SOLH_BIN = () => join(repoRoot(), 'bin', 'solh');
