/** The HTML report as text: self-contained, every figure and table inside, nothing fetched. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readStore } from '../../src/store/store';
import { buildReport } from '../../src/report/html';
import { repoRoot } from '../helpers/paths';
import { parseSvg } from '../helpers/svg';

const records = readStore(join(repoRoot(), 'results/paper')).records;

test('report: every figure inline, the tables, the comparison, and no external reference', () => {
  const curves = { series: [{ loss: 'solh:uniform', points: [{ p: 0, h: 0 }, { p: 1, h: 1 }] }], delta: 0.1 };
  const { html, figures } = buildReport(records, { resultsDir: 'results/paper', version: 'test', curves });
  assert.deepEqual(figures.map((f) => f.name).sort(), ['curves', 'learning-accuracy-seed0', 'learning-f1-seed0', 'table-accuracy', 'table-f1', 'thresholds-accuracy', 'thresholds-f1']);
  const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
  assert.equal(svgs.length, figures.length);
  for (const s of svgs) parseSvg(s);
  assert.equal((html.match(/<table>/g) ?? []).length, 2 + 4, 'a results table per target and two comparison tables per target');
  assert.match(html, /Table 2: target f1 \(config [0-9a-f]+/);
  assert.match(html, /<th>Verdict<\/th>/);
  assert.match(html, /<span class="paper">paper 0\.7307, Δ [−+]/, 'the paper\'s value beside ours');
  // Self-contained: no scripts, no stylesheets or images by URL.
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|url\(|@import/i);
  const urls = [...html.matchAll(/\b(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
  assert.ok(urls.every((u) => u.startsWith('#')), urls.join(' '));
});

test('report without a baseline says why there is no comparison', () => {
  const noBce = records.filter((r) => r.key.loss !== 'bce');
  const { html } = buildReport(noBce, { resultsDir: 'x', version: 'test', curves: null });
  assert.match(html, /class="note">No comparison with bce: baseline &quot;bce&quot; has no finished runs/);
  assert.doesNotMatch(html, /data-figure="curves"/);
});
