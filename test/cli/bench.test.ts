/** `solh bench` end to end on a tiny suite: one folder per task, lean records, resume, --tasks, --shard, and bad tasks named while the others run. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { solh } from '../helpers/cli';
import { solhInProcess } from '../helpers/cli-in-process';
import { buildProgram } from '../../src/cli/main';
import { writeRecord } from '../../src/store/store';
import { holdFolder } from '../helpers/lock';
import { fakeRecord } from '../helpers/records';
import { repoRoot, tempDir } from '../helpers/paths';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A suite in a temp folder beside a copy of configs/paper.json; tasks read the repository's data by absolute path. */
function tinySuite(extra: object[] = []): string {
  const dir = tempDir();
  copyFileSync(join(repoRoot(), 'configs/paper.json'), join(dir, 'paper.json'));
  const pima = join(repoRoot(), 'data/pima.csv');
  const penguins = join(repoRoot(), 'data/penguins.csv');
  const suite = {
    base: 'paper.json',
    seeds: 3,
    tasks: [
      { name: 'pima', data: { path: pima, label: 'diabetes', sha256: sha(pima) } },
      { name: 'penguins', data: { path: penguins, label: 'species', positive: 'Chinstrap', missing: 'impute', sha256: sha(penguins) } },
      ...extra,
    ],
  };
  const file = join(dir, 'suite.json');
  writeFileSync(file, JSON.stringify(suite));
  return file;
}

const TINY = ['--target', 'f1', '--losses', 'bce', '--max-epochs', '2', '--jobs', '1', '--backend', 'wasm'];

test('bench runs each task into its own folder as lean records, names bad tasks in one line each while the others run, and resumes', async () => {
  const dir = tempDir();
  // 60 rows with 3 positives: the validation split of 16 % gets round(0.48) = 0 positives.
  const tiny = join(dir, 'tiny.csv');
  writeFileSync(tiny, 'x,y\n' + Array.from({ length: 60 }, (_, i) => `${i},${i < 3 ? 1 : 0}`).join('\n') + '\n');
  const pima = join(repoRoot(), 'data/pima.csv');
  const suite = tinySuite([
    { name: 'gone', data: { path: join(dir, 'nothing.csv'), label: 'y', sha256: '0'.repeat(64) } },
    { name: 'tampered', data: { path: pima, label: 'diabetes', sha256: 'a'.repeat(64) } },
    { name: 'tiny', data: { path: tiny, label: 'y', sha256: sha(tiny) } },
    { name: 'stale', data: { path: pima, label: 'diabetes', sha256: sha(pima) } },
  ]);
  const out = join(tempDir(), 'bench');
  // A task folder holding records of another protocol fails when its grid starts; the suite goes on.
  const stale = fakeRecord('bce', null, 0, 0.5);
  const lock = await holdFolder(join(out, 'stale'), stale.configHash);
  writeRecord(lock, stale, 'lean');
  lock.release();

  const list = await solhInProcess(['bench', '--suite', suite, ...TINY, '--seeds', '1', '--list', '--shard', '0/2']);
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /^pima\t1 runs\t1 seeds\t.*\tdata ok\npenguins\t1 runs/);
  assert.match(list.stdout, /\ngone\t1 runs\t1 seeds\t.*\tdata file problem/);
  assert.match(list.stdout, /6 tasks, 6 runs\n$/);

  const first = solh(['bench', '--suite', suite, ...TINY, '--seeds', '1', '--out', out]);
  assert.equal(first.status, 2, first.stderr);
  const lines = first.stderr.split('\n');
  assert.equal(lines.filter((l) => /task gone: data file .*nothing\.csv is missing/.test(l)).length, 1);
  assert.equal(lines.filter((l) => /task tampered: data file .*pima\.csv has sha256 604bdfaeaecb…, the suite expects aaaaaaaaaaaa…/.test(l)).length, 1);
  assert.match(first.stderr, /note: task tiny: skipped: a split has rows of one class only \(3 positive and 57 negative rows/);
  assert.match(first.stderr, /task 1\/3 pima: running 1 of 1 runs/);
  assert.match(first.stderr, /\[2\/3\] penguins: any bce seed 0: 2 epochs/);
  assert.match(first.stderr, /2 tasks: 2 runs trained \(0 failed\), 0 already recorded/);
  assert.match(first.stderr, /\nsolh: error: task stale: results folder .*stale holds records of another protocol/);
  assert.match(first.stderr, /solh: error: 3 tasks not run \(gone, tampered, stale\)/);
  assert.doesNotMatch(first.stderr, /at .*\.js:\d+/); // no stack trace
  assert.deepEqual(readdirSync(out).sort(), ['penguins', 'pima', 'stale', 'tasks.tsv']);
  for (const t of ['pima', 'penguins']) assert.deepEqual(readdirSync(join(out, t)), ['records.jsonl.gz']);

  // One more seed on one task: only its new run trains; the manifest keeps the other task's line.
  const more = solh(['bench', '--suite', suite, ...TINY, '--seeds', '2', '--tasks', 'pima', '--out', out]);
  assert.equal(more.status, 0, more.stderr);
  assert.match(more.stderr, /\[2\/2\] pima: any bce seed 1: /);
  assert.match(more.stderr, /1 task: 1 runs trained \(0 failed\), 1 already recorded/);
  const manifest = readFileSync(join(out, 'tasks.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
  assert.deepEqual(manifest.map((r) => [r[0], r[3], r[4]]), [['task', 'seeds', 'runs'], ['penguins', '1', '1'], ['stale', '1', '1'], ['pima', '2', '2']]);
  const seeds = (t: string) => readdirSync(join(out, t)).flatMap((f) => (f.endsWith('.gz') ? gunzipSync(readFileSync(join(out, t, f))) : readFileSync(join(out, t, f))).toString().trim().split('\n')).map((l) => JSON.parse(l).key.seed).sort();
  assert.deepEqual(seeds('pima'), [0, 1]);
  assert.deepEqual(seeds('penguins'), [0]);
});

test('bench refuses a bad suite, an unknown --tasks name and a missing base in one line, writing nothing', async () => {
  const out = join(tempDir(), 'never');
  const suite = tinySuite();
  const unknown = await solhInProcess(['bench', '--suite', suite, '--tasks', 'pima,iris', '--out', out]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /^solh: error: --tasks "pima,iris": no task "iris" in the suite; the tasks are pima, penguins\n$/);
  const dir = tempDir();
  const bad = join(dir, 'bad.json');
  for (const [content, message] of [
    [{ base: 'paper.json', tasks: [{ name: 'a b', data: { path: 'x.csv', label: 'y', sha256: '0'.repeat(64) } }] }, /tasks\.0\.name: a task name is a folder name/],
    [{ base: 'paper.json', tasks: [{ name: 'a', data: { path: 'x.csv', label: 'y' } }] }, /tasks\.0\.data: must have required property 'sha256'/],
    [{ base: 'paper.json', tasks: [{ name: 'a', data: { path: 'x.csv', label: 'y', sha256: 'F'.repeat(64) } }] }, /sha256: write the file's sha256 as 64 lower-case hex digits/],
    [{ base: 'nowhere.json', tasks: [{ name: 'a', data: { path: 'x.csv', label: 'y', sha256: '0'.repeat(64) } }] }, /base config "nowhere\.json" not found/],
    [{ base: 'paper.json', tasks: [{ name: 'a', data: { path: 'x.csv', label: 'y', sha256: '0'.repeat(64), colour: 1 } }] }, /unknown key "colour"/],
  ] as const) {
    writeFileSync(bad, JSON.stringify(content));
    const r = await solhInProcess(['bench', '--suite', bad, '--out', out]);
    assert.equal(r.status, 2, JSON.stringify(content));
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, message);
  }
  assert.equal(existsSync(out), false);
  // Help with examples, read in process (commander's outputHelp writes the added text too).
  const program = buildProgram();
  const plot = program.commands.find((c) => c.name() === 'plot')!;
  for (const [cmd, example] of [[program.commands.find((c) => c.name() === 'bench')!, 'bench'], [program.commands.find((c) => c.name() === 'bench-report')!, 'bench-report'], [plot.commands.find((c) => c.name() === 'cd')!, 'plot cd']] as const) {
    let help = '';
    cmd.configureOutput({ writeOut: (s) => (help += s) });
    cmd.outputHelp();
    assert.match(help, new RegExp(`Examples?:\\n\\s+\\$ npx solh ${example}`), example);
  }
});
