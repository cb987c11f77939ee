/** `solh plot` end to end on the committed paper records: files written, paths printed, one-line errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { solh } from '../helpers/cli';
import { repoRoot, tempDir } from '../helpers/paths';
import { assertOneLineError } from '../helpers/one-line';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test('plot thresholds, learning and table write one SVG per target and print the paths', () => {
  const out = tempDir();
  const printed: string[] = [];
  for (const fig of ['thresholds', 'learning', 'table']) {
    const r = solh(['plot', fig, '--results', 'results/paper', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    printed.push(...r.stdout.trim().split('\n'));
  }
  assert.deepEqual(printed.map((p) => p.slice(out.length + 1)).sort(), [
    'learning-accuracy-seed0.svg', 'learning-f1-seed0.svg', 'table-accuracy.svg', 'table-f1.svg', 'thresholds-accuracy.svg', 'thresholds-f1.svg',
  ]);
  for (const p of printed) assert.match(readFileSync(p, 'utf8'), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
});

test('plot curves draws the config\'s score losses; --png adds a PNG rendered from the SVG', () => {
  const out = tempDir();
  const r = solh(['plot', 'curves', '--out', out, '--png', '--backend', 'wasm']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n'), [join(out, 'curves.svg'), join(out, 'curves.png')]);
  const svg = readFileSync(join(out, 'curves.svg'), 'utf8');
  assert.equal((svg.match(/class="series"/g) ?? []).length, 9, 'the paper grid less BCE');
  assert.doesNotMatch(svg, /data-loss="bce"/);
  const png = readFileSync(join(out, 'curves.png'));
  assert.ok(png.subarray(0, 8).equals(PNG_SIGNATURE));
  const width = png.readUInt32BE(16);
  const svgWidth = Number(/width="(\d+)"/.exec(svg)![1]);
  assert.equal(width, 2 * svgWidth, 'PNG at twice the SVG size');
  assert.ok(png.length > 20_000, 'not a blank image');

  const two = solh(['plot', 'curves', '--out', out, '--losses', 'bce,solh:uniform,sol:cosine(0.5,0.1)', '--delta', '0.2', '--backend', 'wasm']);
  assert.equal(two.status, 0, two.stderr);
  const svg2 = readFileSync(join(out, 'curves.svg'), 'utf8');
  assert.deepEqual([...svg2.matchAll(/data-loss="([^"]+)"/g)].map((m) => m[1]), ['solh:uniform', 'sol:cosine(0.5,0.1)']);
  assert.match(svg2, /δ = 0\.2/);
});

test('plot errors are one line naming the fix', () => {
  const out = tempDir();
  const cases: [string[], RegExp][] = [
    [['plot', 'table', '--results', 'results/paper', '--target', 'mcc', '--out', out], /no runs for target "mcc" in results\/paper: targets found are accuracy, f1/],
    [['plot', 'learning', '--results', 'results/paper', '--seed', '7', '--out', out], /no runs with seed 7 for target accuracy .*seeds found are 0, 1, 2/],
    [['plot', 'curves', '--losses', 'bce', '--out', out], /bce: no loss with a soft step to draw/],
  ];
  for (const [args, message] of cases) {
    const r = solh(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  assert.deepEqual(readdirSync(out), [], 'nothing written on error');
});

test('figures that need history or curves refuse lean records in one line; the report leaves them out with a note', () => {
  const lean = join(repoRoot(), 'results/multiverse/default');
  const out = tempDir();
  for (const kind of ['learning', 'thresholds']) {
    const r = solh(['plot', kind, '--results', lean, '--out', out]);
    assertOneLineError(r, new RegExp(`lean records .*which plot ${kind} needs: rerun with \`solh run --record full\``), `plot ${kind}`);
  }
  assert.deepEqual(readdirSync(out), []);
  const report = solh(['report', '--results', lean, '--out', join(out, 'r.html')]);
  assert.equal(report.status, 0, report.stderr);
  const html = readFileSync(join(out, 'r.html'), 'utf8');
  assert.equal((html.match(/Not drawn: these are lean records/g) ?? []).length, 4);
  assert.doesNotMatch(html, /thresholds-f1|learning-f1-seed/);
});
