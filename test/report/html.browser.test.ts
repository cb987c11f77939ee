/**
 * The HTML report in a real browser: Debian's headless Chromium opens the page built from the
 * committed paper records from a file, with the network unused; no errors, and every figure drawn
 * at a visible size. Skipped where /usr/bin/chromium is not installed (.ci/run installs it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { solh } from '../helpers/cli';
import { tempDir } from '../helpers/paths';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

test('the report from results/paper loads in headless Chromium without errors and shows every figure', { timeout: 120_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(`${CHROMIUM} is not installed (apt-get install chromium)`);
    return;
  }
  const out = join(tempDir(), 'report.html');
  const made = solh(['report', '--results', 'results/paper', '--out', out]);
  assert.equal(made.status, 0, made.stderr);
  assert.equal(made.stdout.trim(), out);

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) problems.push(`request: ${r.url()}`);
    });
    const response = await page.goto(pathToFileURL(out).href, { waitUntil: 'load' });
    assert.ok(response === null || response.ok(), 'page loads');
    const figures = await page.$$eval('svg[data-figure]', (els) =>
      els.map((e) => {
        const b = e.getBoundingClientRect();
        return { kind: e.getAttribute('data-figure'), width: b.width, height: b.height, visible: getComputedStyle(e).visibility !== 'hidden' && getComputedStyle(e).display !== 'none' };
      }),
    );
    // The paper grid has targets accuracy and f1: the E(p) curves once, three figures per target.
    assert.deepEqual(figures.map((f) => f.kind).sort(), ['curves', 'learning', 'learning', 'table', 'table', 'thresholds', 'thresholds']);
    for (const f of figures) {
      assert.ok(f.visible, `${f.kind} visible`);
      assert.ok(f.width > 200 && f.height > 100, `${f.kind} drawn at ${f.width}×${f.height}`);
    }
    // Text inside the figures is laid out (a broken font setup gives zero-width text).
    const titleWidths = await page.$$eval('svg .figure-title', (els) => els.map((e) => (e as SVGTextElement).getComputedTextLength()));
    assert.equal(titleWidths.length, figures.length);
    assert.ok(titleWidths.every((w) => w > 50), titleWidths.join(','));
    assert.ok((await page.$$('table')).length >= 2, 'tables shown');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
