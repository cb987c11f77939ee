/**
 * Bad data and bad settings through the CLI: each gives one line on stderr naming the problem
 * and the fix, the usage exit code, no stack trace, and nothing in the results folder. The many
 * cases call the CLI's main in this process (starting Node and TensorFlow.js fifty times would
 * take minutes on a busy machine); a sample of them, and Commander's own errors, run `bin/solh`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordFiles, solhAsync } from '../helpers/child';
import { solhInProcess } from '../helpers/cli-in-process';
import { assertOneLineError } from '../helpers/one-line';
import { repoRoot, tempDir } from '../helpers/paths';
import { reportFailure } from '../../src/cli/errors';
import { SolhError } from '../../src/errors';
import { parseCells } from '../../src/data/csv';

/** Keeps runs short: one epoch, one seed, BCE only, one worker. */
const SHORT = ['--max-epochs', '1', '--seeds', '1', '--losses', 'bce', '--jobs', '1', '--backend', 'wasm'];
/** Child processes at a time: each loads TensorFlow.js, and the suite shares a small machine. */
const CONCURRENCY = 3;

function assertNoResults(out: string, what: string): void {
  assert.ok(!existsSync(out) || readdirSync(out).length === 0, `${what}: results folder must be absent or empty, has ${existsSync(out) ? readdirSync(out).join(', ') : ''}`);
}

const dir = tempDir();
function csv(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
/** A small two-class table: `n` rows, label text chosen by `label(i)`. */
function table(n: number, label: (i: number) => string, header = 'a,b,y'): string {
  const rows = Array.from({ length: n }, (_, i) => `${((i * 37) % 11) / 10},${((i * 17) % 7) - 3},${label(i)}`);
  return [header, ...rows].join('\n') + '\n';
}

interface Case {
  name: string;
  args: string[];
  /** Problem and fix, both must be in the line. */
  expect: RegExp[];
}

const dataCase = (name: string, file: string, expect: RegExp[], extra: string[] = []): Case => ({
  name: `data: ${name}`,
  args: ['run', '--data', file, '--label', 'y', ...extra],
  expect,
});

const CASES: Case[] = [
  dataCase('file missing', join(dir, 'nope.csv'), [/cannot read data file ".*nope\.csv" \(no such file\)/, /check the path/]),
  dataCase('a folder instead of a file (unreadable)', dir, [/cannot read data file .*\(it is a directory\)/, /check the path/]),
  dataCase('empty file', csv('empty.csv', ''), [/is empty/, /give a CSV file with a header row/]),
  dataCase('header only', csv('header.csv', 'a,b,y\n'), [/has a header but no data rows/, /add data rows/]),
  dataCase('a row with the wrong number of fields', csv('ragged.csv', table(10, (i) => String(i % 2)) + '1,2\n'), [/line 12 of .* has 2 fields but the header has 3/, /fix that row/]),
  dataCase('an empty cell', csv('emptycell.csv', 'a,b,y\n1,2,0\n3,,1\n'), [/line 3 of .*column "b" \(column 2\): missing value \(empty cell\)/, /adding "b" to data\.drop/, /set data\.missing to impute .* or to drop-rows \(flag --missing, or --set data\.missing=\.\.\.\)/]),
  dataCase('a text value in a numeric column', csv('text.csv', 'a,b,y\n1,2,0\nabc,4,1\n'), [/line 3 of .*column "a" \(column 1\): "abc" is not a number/, /fix the value, .*or leave the column out by adding "a" to data\.drop \(flag --drop, or --set data\.drop=\.\.\.\)/]),
  dataCase('NaN (a missing spelling)', csv('nan.csv', 'a,b,y\n1,NaN,0\n3,4,1\n'), [/line 2 of .*column "b".*missing value \("NaN"\)/, /data\.drop/, /set data\.missing to impute.*\(flag --missing, or --set data\.missing=\.\.\.\)/]),
  dataCase('text under --categorical none', csv('words.csv', 'a,b,y\nx,1,0\ny,2,1\n'), [/line 2 of .*column "a" \(column 1\): "x" is not a number/, /set data\.categorical to auto to read it as categories \(flag --categorical, or --set data\.categorical=\.\.\.\)/], ['--categorical', 'none']),
  dataCase('a missing label', csv('missinglabel.csv', 'a,b,y\n1,2,0\n3,4,NA\n5,6,1\n'), [/line 3 of .*the label "y" is missing/, /set data\.missing to drop-rows .* \(flag --missing, or --set data\.missing=\.\.\.\)/]),
  dataCase('an identifier column', csv('ids.csv', ['id,a,y', ...Array.from({ length: 30 }, (_, i) => `p${i},${i},${i % 2}`)].join('\n') + '\n'), [/column "id" looks like an identifier/, /adding "id" to data\.drop \(flag --drop, or --set data\.drop=\.\.\.\)/]),
  dataCase('Infinity', csv('inf.csv', 'a,b,y\n1,2,0\n-Infinity,4,1\n'), [/line 3 of .*column "a".*"-Infinity" is not a finite number/, /\(flag --drop, or --set data\.drop=\.\.\.\)/]),
  dataCase('a number too large to be finite', csv('huge.csv', 'a,b,y\n1,2,0\n1e999,4,1\n'), [/line 3 of .*"1e999" is too large/, /\(flag --drop, or --set data\.drop=\.\.\.\)/]),
  { name: 'data: label column missing', args: ['run', '--data', csv('nolabel.csv', table(10, (i) => String(i % 2))), '--label', 'outcome'], expect: [/label column "outcome" not found/, /available columns: "a", "b", "y"/, /set data\.label to one of them \(flag --label, or --set data\.label=\.\.\.\)$/] },
  dataCase('label values other than 0/1', csv('yesno.csv', table(40, (i) => (i % 3 ? 'no' : 'yes'))), [/label column "y" must hold 0 or 1, but line 2 of .* has "yes"/, /values seen: "yes", "no"/, /set data\.positive to the value that means 1 \(flag --positive, or --set data\.positive=\.\.\.\)/]),
  dataCase('--positive naming a value that is not there', join(dir, 'yesno.csv'), [/no row has label "maybe"/, /values seen: "yes", "no"/, /check data\.positive \(flag --positive, or --set data\.positive=\.\.\.\)/], ['--positive', 'maybe']),
  dataCase('only one class', csv('one.csv', table(20, () => '0')), [/only one class in label column "y"/, /all 20 rows have label 0/, /must contain both classes/]),
  dataCase('fewer rows than the split needs', csv('few.csv', table(6, (i) => String(i % 2))), [/too few rows for the split: class 0 has 3 examples/, /use more data or change the split fractions/]),

  { name: 'settings: unknown config key', args: ['run', '--config', join(dir, 'typo.json')], expect: [/typo\.json: training: unknown key "learningRat"/, /see configs\/paper\.json/] },
  { name: 'settings: config file missing', args: ['run', '--config', join(dir, 'none.json')], expect: [/cannot read config file ".*none\.json"/, /check the path given to --config/] },
  { name: 'settings: suite file missing', args: ['bench', '--suite', join(dir, 'none-suite.json'), '--out', join(dir, 'bench-out')], expect: [/cannot read suite file ".*none-suite\.json": check the path given to --suite$/] },
  { name: 'settings: config not JSON', args: ['run', '--config', csv('bad.json', '{"data": ')], expect: [/bad\.json is not valid JSON/, /fix the file/] },
  { name: 'settings: unknown --set key', args: ['run', '--set', 'training.learningRat=0.1'], expect: [/training: unknown key "learningRat"/, /see configs\/paper\.json/] },
  { name: 'settings: --set into the prototype', args: ['run', '--set', '__proto__.polluted=1'], expect: [/unknown setting "__proto__\.polluted"/, /see configs\/paper\.json/] },
  { name: 'settings: unknown loss', args: ['run', '--losses', 'bce,focal'], expect: [/unknown loss "focal"/, /valid forms: bce, soft-set/] },
  { name: 'settings: unknown score', args: ['run', '--target', 'f2'], expect: [/unknown score "f2"/, /valid scores are accuracy, .*f1/] },
  { name: 'settings: unknown distribution', args: ['run', '--losses', 'solh:gauss(0.5,1)'], expect: [/unknown distribution "gauss"/, /valid forms: uniform, cosine\(μ,s\), point\(τ0\), beta\(a,b\)/] },
  ...['0', '-0.2'].map((s) => ({ name: `settings: cosine width ${s}`, args: ['run', '--losses', `solh:cosine(0.5,${s})`], expect: [/cosine width s = -?0(\.2)? must be > 0/, /e\.g\. cosine\(0\.5,0\.3\)/] })),
  ...['beta(0,2)', 'beta(2,-1)'].map((b) => ({ name: `settings: Beta parameters ${b}`, args: ['run', '--losses', `sol:${b}`], expect: [/needs both parameters > 0/, /e\.g\. beta\(2,2\)/] })),
  ...['0', '0.5', '-0.1', '0.7'].map((d) => ({ name: `settings: δ = ${d}`, args: ['run', '--delta', d], expect: [/slope δ = -?[\d.]+ is outside \(0, 0\.5\)/, /set loss\.delta to a value such as 0\.1 \(flag --delta, or --set loss\.delta=\.\.\.\)/] })),
  ...['1.5', '0', '1'].map((t) => ({ name: `settings: τ0 = ${t} (soft-set:${t})`, args: ['run', '--losses', `soft-set:${t}`], expect: [/τ0 = [\d.]+ is outside \(0, 1\)/, /give a value such as/] })),
  ...(['--seeds', '--max-epochs', '--jobs'] as const).flatMap((flag) => ['-1', '2.5', '0', 'x'].map((v) => ({
    name: `settings: ${flag} ${v}`, args: ['run', flag, v], expect: [new RegExp(`${flag}: "${v.replace('.', '\\.')}" must be a whole number ≥ 1`)],
  }))),
  { name: 'settings: split fractions not summing to 1', args: ['run', '--set', 'split.test=0.3'], expect: [/split fractions sum to 1\.1\d*, not 1/, /adjust split\.train, split\.validation, split\.test/] },
  { name: 'settings: a split fraction outside (0, 1)', args: ['run', '--set', 'split.test=0'], expect: [/split\.test: must be > 0/, /fix that setting/] },
  // A flag's choices are checked by the parameter registry: a SolhError like any other, the same for every command.
  { name: 'settings: unknown --missing', args: ['run', '--missing', 'guess'], expect: [/^solh: error: --missing "guess": choose one of error, drop-rows, impute$/] },
  { name: 'settings: unknown backend', args: ['run', '--backend', 'tpu'], expect: [/^solh: error: --backend "tpu": choose one of auto, node, wasm, cpu$/] },
  { name: 'settings: output folder cannot be written', args: ['run', '--out', join(csv('plainfile', 'x'), 'sub')], expect: [/cannot write to results folder ".*plainfile\/sub" \(ENOTDIR\)/, /choose another with --out/] },
];

writeFileSync(join(dir, 'typo.json'), (() => {
  const c = JSON.parse(readFileSync(join(repoRoot(), 'configs/paper.json'), 'utf8'));
  c.training.learningRat = c.training.learningRate;
  return JSON.stringify(c);
})());

/** Commander's own usage errors: they exit the process, so only a child process can show them. */
const USAGE_CASES: Case[] = [
  { name: 'settings: unknown option', args: ['run', '--epochs', '3'], expect: [/unknown option '--epochs'/, /solh run --help/] },
  { name: 'a mistyped command', args: ['rn'], expect: [/unknown command 'rn' \(Did you mean run\?\); see `solh --help`$/] },
  { name: 'settings: option without its value', args: ['run', '--out', join(dir, 'jobs-out'), '--jobs'], expect: [/option '--jobs <n>' argument missing/, /solh run --help/] },
];
/** Cases also run through `bin/solh`, to show the child process prints what main prints. */
const SAMPLED = ['data: label values other than 0/1', 'settings: output folder cannot be written'];

// The flags that make a short run come first, so that the case's own flag wins.
const argsOf = (c: Case, out: string) => c.args[0] !== 'run' ? c.args : [c.args[0], ...SHORT, ...c.args.slice(1), ...(c.args.includes('--out') ? [] : ['--out', out])];

test(`bad data and settings: one line naming problem and fix, exit 2, no results (${CASES.length} cases)`, async (t) => {
  for (const [i, c] of CASES.entries()) {
    await t.test(c.name, async () => {
      const out = c.args.includes('--out') ? c.args[c.args.indexOf('--out') + 1] : join(dir, `out-${i}`);
      const line = assertOneLineError(await solhInProcess(argsOf(c, out)), /./, c.name);
      for (const e of c.expect) assert.match(line, e, c.name);
      assertNoResults(out, c.name);
    });
  }
});

test(`bin/solh prints the same line: usage errors and a sample (${USAGE_CASES.length + SAMPLED.length} child processes)`, { concurrency: CONCURRENCY }, async (t) => {
  const sampled = CASES.filter((c) => SAMPLED.includes(c.name));
  assert.equal(sampled.length, SAMPLED.length);
  await Promise.all([...USAGE_CASES, ...sampled].map((c, i) => t.test(c.name, async () => {
    const out = c.args.includes('--out') ? c.args[c.args.indexOf('--out') + 1] : join(dir, `child-out-${i}`);
    const line = assertOneLineError(await solhAsync(argsOf(c, out), { cwd: dir }), /./, c.name);
    for (const e of c.expect) assert.match(line, e, c.name);
    assertNoResults(out, c.name);
  })));
});

test('--positive VALUE makes a text label binary and the run succeeds', async () => {
  const out = join(dir, 'positive');
  const r = await solhInProcess(['run', ...SHORT, '--quiet', '--target', 'f1', '--data', join(dir, 'yesno.csv'), '--label', 'y', '--positive', 'yes', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  const [file] = recordFiles(out);
  const rec = JSON.parse(readFileSync(join(out, file), 'utf8'));
  assert.equal(rec.status, 'ok');
  assert.equal(rec.protocol.data.positive, 'yes');
});

test('--debug adds the stack trace to a SolhError', async () => {
  const r = await solhInProcess(['--debug', 'run', '--seeds', '0']);
  assert.equal(r.status, 2);
  const lines = r.stderr.split('\n');
  assert.match(lines[0], /^solh: error: --seeds: "0" must be a whole number ≥ 1$/);
  assert.match(r.stderr, /^SolhError: /m);
  assert.match(r.stderr, /^\s+at parseCount /m);
});



test('a data error names its setting, data.label, and carries it; printed by the CLI it names the flag --label', () => {
  let err: unknown;
  try {
    parseCells('a,b,y\n1,2,0\n', 'd.csv', { label: 'outcome', dropMissingLabels: false });
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof SolhError, String(err));
  assert.equal(err.message, 'label column "outcome" not found in "d.csv"; available columns: "a", "b", "y"; set data.label to one of them');
  assert.equal(err.setting, 'data.label');
  let printed = '';
  const write = process.stderr.write;
  process.stderr.write = ((s: string) => ((printed += s), true)) as typeof process.stderr.write;
  try {
    assert.equal(reportFailure(err, false), 2);
  } finally {
    process.stderr.write = write;
  }
  assert.equal(printed, `solh: error: ${err.message} (flag --label, or --set data.label=...)\n`);
});

test('a config error naming its setting is printed with the flag that sets it, or with --set', () => {
  // The library and the config name their own arguments (SolhError.setting); the CLI names its flags.
  const printed = (message: string, setting?: string) => {
    const e = new SolhError(message);
    e.setting = setting;
    let err = '';
    const write = process.stderr.write;
    process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
    try {
      return { code: reportFailure(e, false), err };
    } finally {
      process.stderr.write = write;
    }
  };
  const delta = printed('delta must be in (0, 0.5): got 0.7', 'loss.delta');
  assert.equal(delta.code, 2);
  assert.equal(delta.err, 'solh: error: delta must be in (0, 0.5): got 0.7 (flag --delta, or --set loss.delta=...)\n');
  assert.equal(printed('data.missing: must be one of error, drop-rows, impute', 'data.missing').err, 'solh: error: data.missing: must be one of error, drop-rows, impute (flag --missing, or --set data.missing=...)\n');
  // A setting no flag sets: --set alone.
  assert.equal(printed('learningRate must be > 0: got 0', 'training.learningRate').err, 'solh: error: learningRate must be > 0: got 0 (--set training.learningRate=...)\n');
  // Without a setting the message is as it was.
  assert.equal(printed('no records in runs/x').err, 'solh: error: no records in runs/x\n');
});
