/**
 * A real full disk (issue 19, section 1): `solh run` with full and lean records and `solh sweep`
 * onto a tmpfs of 200 KB. Each ends in one line naming ENOSPC with exit 2; every run it reported as
 * finished is readable, nothing is half-written in place, and after freeing space the same command
 * resumes and finishes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { solhAsync, Finished } from '../helpers/child';
import { mountSmallDisk } from '../helpers/small-disk';
import { readStore } from '../../src/store/store';

const SHORT = ['--target', 'f1', '--losses', 'bce', '--max-epochs', '1', '--jobs', '1', '--backend', 'wasm'];

/** The runs a progress output says were finished, as "target loss seed s" by folder (`''` for solh run). */
function reportedDone(stderr: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  // solh run: "[ 3/30] any bce seed 2: ..."; solh sweep: "[3/13] default: any bce seed 0: ..."
  for (const m of stderr.matchAll(/^\[\s*\d+\/\d+\] (?:(\S+): )?(\S+ \S+ seed \d+):/gm)) {
    const where = m[1] ?? '';
    out.set(where, [...(out.get(where) ?? []), m[2]]);
  }
  return out;
}

const keyText = (k: { target: string | null; loss: string; seed: number }) => `${k.target ?? 'any'} ${k.loss} seed ${k.seed}`;

/** Exit 2 with one error line naming ENOSPC and the fix; no stack trace, no internal error. */
function assertFullDiskError(r: Finished, what: string): string {
  assert.equal(r.status, 2, `${what}: exit ${r.status}\n${r.stderr}`);
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('solh:'));
  assert.equal(errors.length, 1, `${what}: one error line\n${r.stderr}`);
  assert.match(errors[0], /^solh: error: cannot write .* \(ENOSPC: the disk is full\): the records written before it are kept; free disk space or choose another folder with --out, then run the same command to resume$/, what);
  assert.doesNotMatch(r.stderr, /^\s+at |internal error/m, what);
  return errors[0];
}

/** Every run reported finished is readable in `dir`; nothing there is corrupted or temporary. */
function assertReportedAreReadable(dir: string, reported: string[], what: string): number {
  const s = readStore(dir);
  assert.deepEqual(s.corrupted, [], `${what}: nothing corrupted`);
  const have = new Set(s.records.map((r) => keyText(r.key)));
  for (const k of reported) assert.ok(have.has(k), `${what}: ${k} was reported finished but is not readable`);
  assert.equal(s.records.length, reported.length, `${what}: only the reported runs are recorded`);
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.tmp-')), [], `${what}: no temporary file is left`);
  return s.records.length;
}

test('solh run --record lean onto a full disk: one ENOSPC line, exit 2, every reported run readable; freeing space resumes', async (t) => {
  const disk = mountSmallDisk(200);
  if (typeof disk === 'string') return t.skip(disk);
  try {
    disk.fill(150);
    const out = join(disk.dir, 'lean');
    const args = ['run', ...SHORT, '--seeds', '30', '--record', 'lean', '--out', out];
    const r = await solhAsync(args);
    const reported = reportedDone(r.stderr).get('') ?? [];
    assertReportedAreReadable(out, reported, 'lean');
    const line = assertFullDiskError(r, 'run --record lean');
    assert.ok(reported.length > 0 && reported.length < 30, `the disk filled part-way (${reported.length} runs reported)`);
    assert.match(line, new RegExp(`the lean record of any bce seed ${reported.length} to .*records\\.jsonl`), 'the line names the run that did not fit');
    rmSync(join(disk.dir, 'filler'));
    const again = await solhAsync(args);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stderr, new RegExp(`^${30 - reported.length} runs trained \\(0 failed\\), ${reported.length} already recorded`, 'm'));
    assert.equal(readStore(out).records.length, 30);
    assert.ok(existsSync(join(out, 'records.jsonl.gz')), 'compacted once the disk had room');
  } finally {
    disk.unmount();
  }
});

test('solh run with full records onto a full disk: one ENOSPC line naming the record that did not fit, which is not in place; the others are whole', async (t) => {
  const disk = mountSmallDisk(200);
  if (typeof disk === 'string') return t.skip(disk);
  try {
    disk.fill(150);
    const out = join(disk.dir, 'full');
    const r = await solhAsync(['run', ...SHORT, '--seeds', '20', '--out', out]);
    const reported = reportedDone(r.stderr).get('') ?? [];
    assertReportedAreReadable(out, reported, 'full');
    assert.ok(!existsSync(join(out, `any__bce__seed${reported.length}.json`)), 'the record that did not fit is not renamed into place');
    const line = assertFullDiskError(r, 'run');
    assert.ok(reported.length < 20);
    assert.match(line, new RegExp(`cannot write record .*any__bce__seed${reported.length}\\.json `));
  } finally {
    disk.unmount();
  }
});

test('solh sweep onto a full disk: one ENOSPC line (not an internal error), every reported run of every universe readable', async (t) => {
  const disk = mountSmallDisk(200);
  if (typeof disk === 'string') return t.skip(disk);
  try {
    const out = join(disk.dir, 'sweep');
    const args = ['sweep', '--config', 'configs/multiverse.json', '--seeds', '1', ...SHORT, '--out', out];
    // A disk full before the sweep starts: nothing can be written, and the line says so.
    disk.fill(200);
    assertFullDiskError(await solhAsync(args), 'sweep onto a full disk');
    disk.fill(160);
    const r = await solhAsync(args);
    const reported = reportedDone(r.stderr);
    assert.ok(reported.size > 0, `some universes finished before the disk filled:\n${r.stderr}`);
    for (const u of readdirSync(out, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      assertReportedAreReadable(join(out, u.name), reported.get(u.name) ?? [], `universe ${u.name}`);
    }
    assertFullDiskError(r, 'sweep');
  } finally {
    disk.unmount();
  }
});
