/**
 * Stopping a grid half way loses at most the runs in progress: after SIGKILL every file in the
 * folder is a whole record and the same command resumes to exactly the records of an
 * uninterrupted run; Ctrl-C (SIGINT) says how far it got and exits 130.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { recordFiles, solhAsync, startSolh, waitForRecords } from '../helpers/child';
import { tempDir } from '../helpers/paths';
import { readStore } from '../../src/store/store';
import { comparable, recordFileName } from '../../src/experiment/record';
import { LOCK_FILE } from '../../src/store/lock';

const GRID = ['run', '--losses', 'bce,solh:uniform', '--target', 'f1', '--seeds', '2', '--max-epochs', '5', '--jobs', '1', '--backend', 'wasm'];
const TOTAL = 4;
const root = tempDir();

/** Records by file name, without their timing. */
function recordsOf(dir: string): Map<string, ReturnType<typeof comparable>> {
  const { records, corrupted } = readStore(dir);
  assert.deepEqual(corrupted, [], `${dir} has corrupted records`);
  return new Map(records.map((r) => [recordFileName(r.key), comparable(r)]));
}

/** Every file is a whole record, except temporary files of an unfinished write, which are not counted. */
function assertOnlyWholeRecords(dir: string): number {
  const files = readdirSync(dir);
  const records = recordFiles(dir);
  // A killed writer leaves its lock, which the next writer finds stale and takes over.
  assert.ok(files.every((f) => records.includes(f) || f.startsWith('.tmp-') || f === LOCK_FILE), `unexpected files: ${files.join(', ')}`);
  assert.equal(recordsOf(dir).size, records.length);
  return records.length;
}

// Started at once so that it runs beside the interrupted ones.
const reference = solhAsync([...GRID, '--quiet', '--out', join(root, 'reference')]);

test('SIGKILL mid-grid leaves only whole records, and the same command resumes to the records of an uninterrupted run', async () => {
  const out = join(root, 'killed');
  const args = [...GRID, '--out', out];
  const first = startSolh(args);
  await waitForRecords(out, 1, first);
  first.child.kill('SIGKILL');
  const killed = await first.done;
  assert.equal(killed.signal, 'SIGKILL');
  const kept = assertOnlyWholeRecords(out);
  assert.ok(kept >= 1 && kept < TOTAL, `the kill must land mid-grid (${kept} of ${TOTAL} recorded)`);

  const resumed = await solhAsync(args);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stderr, new RegExp(`running ${TOTAL - kept} of ${TOTAL} runs \\(${kept} already recorded\\)`));
  assert.deepEqual(readdirSync(out).filter((f) => f.startsWith('.tmp-') || f === LOCK_FILE), [], 'temporary files and the lock of the killed run are cleaned up');

  const ref = await reference;
  assert.equal(ref.status, 0, ref.stderr);
  const want = recordsOf(join(root, 'reference'));
  assert.equal(want.size, TOTAL);
  assert.deepStrictEqual(recordsOf(out), want);
});

test('Ctrl-C (SIGINT) mid-grid: one line saying how far it got, exit 130, and only whole records', async () => {
  const out = join(root, 'interrupted');
  const args = [...GRID, '--quiet', '--out', out];
  const first = startSolh(args);
  await waitForRecords(out, 1, first);
  first.child.kill('SIGINT');
  const stopped = await first.done;
  assert.equal(stopped.status, 130, stopped.stderr);
  const lines = stopped.stderr.trim().split('\n');
  assert.equal(lines.length, 1, stopped.stderr);
  const m = /^solh: interrupted: (\d+) of 4 runs recorded in (.+); run the same command to resume$/.exec(lines[0]);
  assert.ok(m, lines[0]);
  assert.equal(m[2], out);
  const kept = assertOnlyWholeRecords(out);
  assert.equal(Number(m[1]), kept);
  assert.ok(kept < TOTAL);
  // What it kept is what an uninterrupted run makes; resuming is the SIGKILL test's (same code path).
  await reference;
  const want = recordsOf(join(root, 'reference'));
  for (const [name, rec] of recordsOf(out)) assert.deepStrictEqual(rec, want.get(name), name);
});
