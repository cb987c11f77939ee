/**
 * A command of `solh` as data: its name, help, the params it takes (by name, from the registry) and
 * its action. Building the Commander tree from these loads nothing heavy: each action imports what
 * it needs when it runs, so `solh --help` and `solh <cmd> --help` never load TensorFlow.js.
 */
import { Command } from 'commander';
import { ParamUse, paramOption } from './params';

export interface CommandSpec {
  name: string;
  description: string;
  /** Positional arguments, e.g. ['<dir>', 'results folder']. */
  arguments?: [string, string][];
  params?: ParamUse[];
  /** Help after the options: at least one example (`$ npx solh ...`). */
  help: string;
  /** Loads the action (Commander's: ...arguments, options, command) when the command runs. */
  action?: () => Promise<(...args: any[]) => void | Promise<void>>;
  subcommands?: CommandSpec[];
}

export function buildCommand(spec: CommandSpec): Command {
  const cmd = new Command(spec.name).description(spec.description);
  for (const [name, description] of spec.arguments ?? []) cmd.argument(name, description);
  for (const use of spec.params ?? []) cmd.addOption(paramOption(use));
  for (const sub of spec.subcommands ?? []) cmd.addCommand(buildCommand(sub));
  cmd.addHelpText('after', spec.help);
  const load = spec.action;
  if (load) cmd.action(async (...args: unknown[]) => (await load())(...args));
  return cmd;
}
