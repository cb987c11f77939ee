/** The paper's values belong to its data set: ACTG 175 with all 23 features, identified by checksum. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { readStore } from '../../src/store/store';
import { renderTables } from '../../src/report/table';
import { onPaperData, PAPER_DATA } from '../../src/report/paper';
import { buildReport } from '../../src/report/html';
import { RunRecord } from '../../src/experiment/record';
import { createHash } from 'node:crypto';
import { repoRoot } from '../helpers/paths';
import { solh } from '../helpers/cli';

const records = (dir: string) => readStore(join(repoRoot(), dir)).records;

test('PAPER_DATA is the checksum of data/actg175.csv', () => {
  const sha = createHash('sha256').update(readFileSync(join(repoRoot(), 'data/actg175.csv'))).digest('hex');
  assert.equal(sha, PAPER_DATA.sha256);
});

test('paper values stand beside ACTG 175 results only: Pima and the leakage-free variant get a note instead', () => {
  const paper = records('results/paper');
  assert.ok(paper.every(onPaperData));
  const withPaper = renderTables(paper, { format: 'json', comparePaper: true });
  assert.deepEqual(withPaper.notes, []);
  assert.ok(withPaper.rows.every((r) => r.paper !== undefined));
  for (const [dir, why] of [['results/pima', /data data\/pima\.csv .* is not the paper's ACTG 175/], ['results/paper-no-leak', /columns \["time","cd420","cd820","offtrt"\] were dropped/]] as const) {
    const rs = records(dir);
    const t = renderTables(rs, { format: 'text', comparePaper: true });
    assert.equal(t.notes.length, 1);
    assert.match(t.notes[0], /^the paper has no numbers for this data set \(/);
    assert.match(t.notes[0], why);
    assert.ok(t.rows.every((r) => r.paper === undefined));
    assert.doesNotMatch(t.text, /paper/);
    const json = JSON.parse(renderTables(rs, { format: 'json', comparePaper: true }).text) as Record<string, unknown>[];
    assert.ok(json.every((r) => !('paper' in r)));
  }
});

test('solh table --compare paper on Pima says so in one line and prints no ACTG 175 value', () => {
  const r = solh(['table', '--results', join(repoRoot(), 'results/pima'), '--compare', 'paper']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /the paper has no numbers for this data set/);
  // Table 1's BCE test accuracy as printed (0.8591) must not appear beside Pima results.
  assert.doesNotMatch(r.stdout, /0\.8591|paper/);
});

test('the HTML report of Pima results shows no paper values and says why', () => {
  const rs: RunRecord[] = records('results/pima');
  const { html, figures } = buildReport(rs, { resultsDir: 'results/pima', version: 'test', curves: null });
  assert.match(html, /The paper has no numbers for this data set/);
  assert.doesNotMatch(html, /paper 0\.|Zou 2025's Tables/);
  assert.ok(figures.filter((f) => f.name.startsWith('table-')).every((f) => !/against the paper|diamond|paper-point/.test(f.svg)));
  // The ACTG 175 report keeps them.
  const own = buildReport(records('results/paper'), { resultsDir: 'results/paper', version: 'test', curves: null });
  assert.match(own.html, /paper 0\.8591/);
});
