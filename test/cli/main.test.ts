/**
 * The program `bin/solh` builds: every command, subcommand, argument and flag has help text, and
 * every command an example, read in this process from buildProgram; one child process shows that
 * `solh --help` exits 0 without loading TensorFlow.js (the library is loaded by actions only).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { buildProgram } from '../../src/cli/main';
import { COMMANDS } from '../../src/cli/commands';
import { helpInProcess } from '../helpers/help-in-process';
import { repoRoot, SOLH_BIN, tempDir } from '../helpers/paths';

/** Every command of the tree with its path, e.g. ['plot', 'cd']. */
function allCommands(c: Command, path: string[] = []): { path: string[]; cmd: Command }[] {
  return c.commands.flatMap((sub) => [{ path: [...path, sub.name()], cmd: sub }, ...allCommands(sub, [...path, sub.name()])]);
}

test('every command, argument and flag has help text, and every command an example', () => {
  const program = buildProgram();
  const commands = allCommands(program);
  assert.deepEqual(program.commands.map((c) => c.name()), COMMANDS.map((c) => c.name));
  assert.ok(commands.length >= 20, `${commands.length} commands and subcommands`);
  for (const { path, cmd } of commands) {
    const what = `solh ${path.join(' ')}`;
    assert.ok(cmd.description().length > 10, `${what}: description`);
    for (const a of cmd.registeredArguments) assert.ok((a.description ?? '').length > 5, `${what} ${a.name()}: description`);
    for (const o of cmd.options) assert.ok(o.description.length > 5, `${what} ${o.flags}: description`);
    const h = helpInProcess([...path, '--help']);
    assert.equal(h.status, 0, what);
    assert.match(h.stdout, new RegExp(`^Usage: solh ${path.join(' ')} `, 'm'), what);
    // Each command shows itself at work (plot's figures each their own), in an example after "Example(s):".
    assert.match(h.stdout, /Examples?:\n\s+\$ npx solh /, what);
    assert.match(h.stdout, new RegExp(`\\$ npx [^\\n]*\\bsolh ${path.join(' ')} `), what);
    for (const o of cmd.options) assert.ok(h.stdout.includes(o.flags), `${what}: ${o.flags} in help`);
  }
  // The top level lists every command.
  const top = helpInProcess(['--help']);
  for (const c of COMMANDS) assert.match(top.stdout, new RegExp(`^  ${c.name} `, 'm'), c.name);
});

test('bin/solh --help exits 0 at once and loads no TensorFlow.js (one child process)', () => {
  // Preloaded into the child: on exit, names every module of @tensorflow/* or solh-losses that was
  // loaded, except solh-losses/core (the library's TF.js-free entry: help's texts come from it).
  const probe = join(tempDir(), 'loaded.js');
  writeFileSync(probe, `process.on('exit', () => process.stderr.write('loaded: ' + JSON.stringify(Object.keys(require.cache).filter((k) => /@tensorflow|packages[\\\\/]losses/.test(k) && !/packages[\\\\/]losses[\\\\/]dist[\\\\/]core\\.cjs$/.test(k))) + '\\n'));\n`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--require', probe, SOLH_BIN(), '--help'], { cwd: repoRoot(), encoding: 'utf8', timeout: 60_000 });
  const seconds = (Date.now() - started) / 1000;
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Usage: solh /);
  assert.deepEqual(JSON.parse(/^loaded: (.*)$/m.exec(r.stderr)![1]), []);
  // Not timed tightly (the machine is shared): what made help slow was loading TensorFlow.js, refused above.
  assert.ok(seconds < 30, `${seconds} s`);
});
