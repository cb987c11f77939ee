/** `bin/solh` as an asynchronous child process: for commands run side by side, and for stopping one mid-way. */
import { spawn, ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { repoRoot, SOLH_BIN } from './paths';

export interface Finished {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  done: Promise<Finished>;
}

export function startSolh(args: string[], opts: { cwd?: string } = {}): Running {
  const child = spawn(process.execPath, [SOLH_BIN(), ...args], { cwd: opts.cwd ?? repoRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const done = new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return { child, done };
}

export function solhAsync(args: string[], opts: { cwd?: string } = {}): Promise<Finished> {
  return startSolh(args, opts).done;
}

/** Record files of a results folder (temporary files of unfinished writes excluded). */
export function recordFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('.')).sort() : [];
}

/** Resolves once `dir` holds at least `n` records; rejects if the child ends first or time runs out. */
export async function waitForRecords(dir: string, n: number, running: Running, timeoutMs = 120_000): Promise<void> {
  let ended = false;
  void running.done.then(() => (ended = true), () => (ended = true));
  const start = Date.now();
  while (recordFiles(dir).length < n) {
    if (ended) throw new Error(`solh ended before ${n} record(s) appeared in ${dir}`);
    if (Date.now() - start > timeoutMs) throw new Error(`no ${n} record(s) in ${dir} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
