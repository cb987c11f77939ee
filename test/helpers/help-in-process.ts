/**
 * `solh … --help` inside the test process: the program `bin/solh` builds, with Commander's output
 * captured and its exit turned into a return, so the help of every command is read without starting
 * Node and TensorFlow.js once per command.
 */
import { Command, CommanderError } from 'commander';
import { buildProgram } from '../../src/cli/main';

export function helpInProcess(args: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const program = buildProgram();
  const capture = (c: Command): void => {
    c.exitOverride();
    c.configureOutput({ writeOut: (s) => { stdout += s; }, writeErr: (s) => { stderr += s; } });
    for (const sub of c.commands) capture(sub);
  };
  capture(program);
  try {
    // Help is written synchronously and ends in Commander's exit before any action runs.
    program.parse([process.execPath, 'solh', ...args]);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    return { status: e.exitCode, stdout, stderr };
  }
  throw new Error(`solh ${args.join(' ')}: expected help, but a command ran`);
}
