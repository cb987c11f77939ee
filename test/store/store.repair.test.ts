/**
 * Messages that say how to fix (issue 19, section 6): a damaged lean line, a cut-short gzip or a
 * damaged record file is fixed by `solh repair DIR`, which keeps every good record, sets the damaged
 * files aside (nothing deleted) and lists what it dropped; the error message says so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readStore, writeRecord } from '../../src/store/store';
import { LEAN_FILE, LEAN_GZ } from '../../src/store/lean-store';
import { toLean } from '../../src/experiment/record';
import { fakeRecord } from '../helpers/records';
import { tempDir } from '../helpers/paths';
import { holdFolder } from '../helpers/lock';
import { solhInProcess } from '../helpers/cli-in-process';
import { assertOneLineError } from '../helpers/one-line';

const line = (seed: number) => JSON.stringify(toLean(fakeRecord('solh:uniform', 'f1', seed, 0.5 + seed / 1000))) + '\n';

test('solh repair keeps every good record of damaged lean files and a damaged record file, and lists what it dropped', async () => {
  const dir = tempDir();
  const lock = await holdFolder(dir);
  writeRecord(lock, fakeRecord('bce', null, 0, 0.5));
  writeRecord(lock, fakeRecord('bce', null, 1, 0.5));
  lock.release();
  writeFileSync(join(dir, 'any__bce__seed1.json'), '{"format": "solh-record/1", "key"'); // cut short
  // A gzip of seeds 0..39 cut short: the first lines unpack, the rest is lost.
  const gz = gzipSync(Array.from({ length: 40 }, (_, s) => line(s)).join(''));
  writeFileSync(join(dir, LEAN_GZ), gz.subarray(0, Math.floor(gz.length * 0.6)));
  // Plain lines of seeds 100..104, the middle one damaged.
  const plain = [100, 101, 102, 103, 104].map(line);
  plain[2] = plain[2].slice(0, 40) + '\n';
  writeFileSync(join(dir, LEAN_FILE), plain.join(''));
  const before = readStore(dir);
  assert.equal(before.corrupted.length, 3);
  // The error every command gives now names the fix.
  const run = await solhInProcess(['check', '--results', dir, '--snapshot', dir]);
  assert.match(run.stderr, new RegExp(`run \`solh repair ${dir}\` to keep every good record and set the damaged ones aside`));

  const r = await solhInProcess(['repair', dir]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^dropped .*records\.jsonl\.gz: not readable gzip/m);
  assert.match(r.stderr, /^dropped .*records\.jsonl:3: not valid JSON/m);
  assert.match(r.stderr, /^dropped .*any__bce__seed1\.json: not valid JSON/m);
  assert.match(r.stderr, /^kept the damaged records\.jsonl\.gz as .*records\.jsonl\.gz\.damaged$/m);
  assert.match(r.stderr, /^repaired .*: \d+ records kept, 3 damaged entries dropped; run the same `solh run` or `solh sweep` to redo the dropped runs$/m);
  const after = readStore(dir);
  assert.deepEqual(after.corrupted, []);
  const seeds = after.records.filter((x) => x.key.loss === 'solh:uniform').map((x) => x.key.seed).sort((a, b) => a - b);
  const salvaged = seeds.filter((s) => s < 40);
  assert.ok(salvaged.length >= 10 && salvaged.length < 40, `the whole lines before the cut are kept (${salvaged.length})`);
  assert.deepEqual(salvaged, Array.from({ length: salvaged.length }, (_, i) => i), 'a prefix of the gzip, in order');
  assert.deepEqual(seeds.filter((s) => s >= 100), [100, 101, 103, 104], 'every good plain line');
  assert.deepEqual(after.records.filter((x) => x.key.loss === 'bce').map((x) => x.key.seed), [0], 'the good record file stays');
  for (const f of [`${LEAN_GZ}.damaged`, `${LEAN_FILE}.damaged`, 'any__bce__seed1.json.damaged']) assert.ok(existsSync(join(dir, f)), `${f} kept`);
  assert.equal(readFileSync(join(dir, `${LEAN_FILE}.damaged`), 'utf8'), plain.join(''), 'the damaged file is kept byte for byte');
  const again = await solhInProcess(['repair', dir]);
  assert.match(again.stderr, /^nothing to repair in .*: its \d+ records are all readable$/m);
});

test('verdicts on a folder whose only records are a damaged gzip names the file (not "no records")', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, LEAN_GZ), gzipSync(line(0) + line(1)).subarray(0, 30));
  const r = await solhInProcess(['verdicts', '--results', dir]);
  assertOneLineError(r, /corrupted record .*records\.jsonl\.gz \(not readable gzip .*\): run `solh repair /, 'verdicts');
});
