/** Runs the real `bin/solh` in a child process. */
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { repoRoot, SOLH_BIN } from './paths';

export function solh(args: string[], opts: { cwd?: string; input?: string } = {}): SpawnSyncReturns<string> & { status: number } {
  const r = spawnSync(process.execPath, [SOLH_BIN(), ...args], { cwd: opts.cwd ?? repoRoot(), encoding: 'utf8', input: opts.input, timeout: 300_000 });
  return r as SpawnSyncReturns<string> & { status: number };
}
