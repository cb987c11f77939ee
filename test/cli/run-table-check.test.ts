/** The CLI end to end on a small slice: run writes records and resumes, table prints them, check finds drift. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { solh } from '../helpers/cli';
import { tempDir } from '../helpers/paths';

const SLICE = ['run', '--target', 'f1', '--losses', 'bce,solh:cosine(0.5,0.3)', '--seeds', '2', '--max-epochs', '3', '--jobs', '2', '--backend', 'wasm'];

test('run writes one record per run, prints the table, and resumes without retraining', () => {
  const out = tempDir();
  const first = solh([...SLICE, '--out', out]);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /running 4 of 4 runs .* on 2 jobs, backend wasm/);
  assert.match(first.stderr, /\[4\/4\] /);
  assert.match(first.stdout, /SOLH C\(0\.5,0\.3\)/);
  // On the paper's data the table stands beside the paper's values: SOLH C(0.5,0.3)'s printed test F1.
  assert.match(first.stdout, /paper 0\.7213/);
  assert.equal(readdirSync(out).filter((f) => f.endsWith('.json')).length, 4);
  const again = solh([...SLICE, '--out', out]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /all 4 runs already recorded/);
  assert.match(again.stderr, /0 runs trained/);
  const forced = solh([...SLICE, '--out', out, '--force', '--quiet']);
  assert.match(forced.stderr, /4 runs trained/);

  const json = solh(['table', '--results', out, '--format', 'json', '--compare', 'paper']);
  assert.equal(json.status, 0, json.stderr);
  const rows = JSON.parse(json.stdout);
  assert.equal(rows.length, 2);
  for (const r of rows) {
    for (const k of ['target', 'loss', 'n', 'epochs', 'trainScore', 'tauStar', 'trainScoreTau', 'testScore', 'testScoreTau', 'sd', 'paper', 'diff']) assert.ok(k in r, k);
    assert.equal(r.n, 2);
    assert.equal(r.target, 'f1');
    assert.equal(typeof r.sd.testScore, 'number');
    assert.ok(Math.abs(r.diff.testScore - (r.testScore - r.paper.testScore)) < 1e-12);
  }
  assert.deepEqual(rows.map((r: { loss: string }) => r.loss), ['bce', 'solh:cosine(0.5,0.3)']);
  for (const format of ['text', 'markdown', 'csv']) {
    const t = solh(['table', '--results', out, '--format', format, '--compare', 'paper']);
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stdout, /0\.7213/); // the paper's SOLH C(0.5,0.3) test F1 beside ours
  }

  const same = solh(['check', '--results', out, '--snapshot', out]);
  assert.equal(same.status, 0, same.stdout + same.stderr);
  assert.match(same.stdout, /4 runs compared, 0 drifted/);
  const copy = tempDir();
  for (const f of readdirSync(out)) writeFileSync(join(copy, f), readFileSync(join(out, f)));
  const victim = readdirSync(copy).find((f) => f.startsWith('f1__solh'))!;
  const rec = JSON.parse(readFileSync(join(copy, victim), 'utf8'));
  rec.evaluation.f1.testAtThreshold += 0.01;
  writeFileSync(join(copy, victim), JSON.stringify(rec));
  const drift = solh(['check', '--results', copy, '--snapshot', out]);
  assert.equal(drift.status, 1);
  assert.match(drift.stdout, /DRIFT f1 solh:cosine\(0\.5,0\.3\) seed \d: evaluation\.f1\.testAtThreshold differs by 1\.000e-2/);
  assert.equal(solh(['check', '--results', copy, '--snapshot', out, '--tolerance', '0.02']).status, 0);
});

test('run on other data prints our tables alone, without the paper\'s values', () => {
  const out = tempDir();
  const r = solh(['run', '--config', 'configs/pima.json', '--target', 'f1', '--losses', 'bce', '--seeds', '1', '--max-epochs', '2', '--jobs', '1', '--backend', 'wasm', '--out', out, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /BCE/);
  assert.doesNotMatch(r.stdout, /paper/);
});
