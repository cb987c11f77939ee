/**
 * The CLI's `main` called inside the test process, with its stderr and exit code captured: the
 * same code path as `bin/solh` without starting Node and TensorFlow.js again, for the many error
 * cases. Only for commands that end in a SolhError or succeed: Commander's own usage errors call
 * process.exit, so those are tested through a child process.
 */
import { main } from '../../src/cli/main';

export interface Captured {
  status: number;
  stdout: string;
  stderr: string;
}

export async function solhInProcess(args: string[]): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write;
  const err = process.stderr.write;
  const saved = process.exitCode;
  process.exitCode = undefined;
  // The CLI writes strings; the test runner reports to its parent in binary chunks, which pass through.
  process.stdout.write = ((s: string | Uint8Array, ...rest: unknown[]) =>
    typeof s === 'string' ? ((stdout += s), true) : (out as (...a: unknown[]) => boolean).call(process.stdout, s, ...rest)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array, ...rest: unknown[]) =>
    typeof s === 'string' ? ((stderr += s), true) : (err as (...a: unknown[]) => boolean).call(process.stderr, s, ...rest)) as typeof process.stderr.write;
  try {
    await main([process.execPath, 'solh', ...args]);
    return { status: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = saved;
  }
}
