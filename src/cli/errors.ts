/** How the CLI ends on failure: one line, a non-zero exit, and a stack only with --debug. */
import type { Command } from 'commander';
import { SolhError } from 'solh-losses/core';
import { flagOfSetting } from './params';

export const EXIT_USAGE = 2;
export const EXIT_BUG = 70;

export function reportFailure(err: unknown, debug: boolean): number {
  if (err instanceof SolhError) {
    process.stderr.write(`solh: error: ${oneLine(err.message)}${howToSet(err.setting)}\n`);
    if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
    return EXIT_USAGE;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  process.stderr.write(`solh: internal error: ${oneLine(e.message)} (run again with --debug for the stack trace, and please report it)\n`);
  if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
  return EXIT_BUG;
}

/**
 * The library and the config name the setting a message is about ('loss.delta'); on the command
 * line that is a flag where one sets it, and --set for any setting.
 */
function howToSet(setting: string | undefined): string {
  if (setting === undefined) return '';
  const flag = flagOfSetting(setting);
  return ` (${flag ? `flag ${flag}, or ` : ''}--set ${setting}=...)`;
}

/** A message on one line whatever it holds (a file name or a library's message may hold newlines). */
function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Commander's own usage errors (unknown option, bad choice, missing argument) in the same shape as
 * ours: one line naming the command's help, and the usage exit code. Settings are not inherited by
 * added subcommands, so every command of the tree is configured.
 */
export function oneLineUsageErrors(cmd: Command, path = cmd.name()): void {
  cmd.configureOutput({
    outputError: (str, write) => write(`solh: ${oneLine(str).replace(/\.$/, '')}; see \`${path} --help\`\n`),
  });
  cmd.exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : EXIT_USAGE));
  for (const sub of cmd.commands) oneLineUsageErrors(sub, `${path} ${sub.name()}`);
}
