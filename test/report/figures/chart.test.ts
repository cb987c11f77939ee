/** The parts of a chart: the legend's flow into rows, a panel's scales, ticks and margins, and the grid of panels. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diamond, header, panel, panelGrid, rows, LegendItem } from '../../../src/report/figures/chart';
import { svgDocument } from '../../../src/report/figures/svg';
import { byClass, parseSvg } from '../../helpers/svg';

const wrap = (body: string) => parseSvg(svgDocument({ width: 600, height: 400, title: 't', kind: 'test' }, [body]));

test('panel: scales map the domains onto the plotting area inside the margins (y upwards)', () => {
  const p = panel({ x: 10, y: 20, width: 300, height: 200, xDomain: [0, 1], yDomain: [0, 10], title: 'T' });
  // default margins: top 22, right 12, bottom 40, left 52
  assert.deepEqual(p.inner, { x: 62, y: 42, width: 236, height: 138 });
  assert.equal(p.sx(0), 62);
  assert.equal(p.sx(1), 298);
  assert.equal(p.sx(0.5), 180);
  assert.equal(p.sy(0), 180, 'y = 0 at the bottom');
  assert.equal(p.sy(10), 42);
  // Without a title the top margin shrinks to 8.
  assert.equal(panel({ x: 0, y: 0, width: 100, height: 100, xDomain: [0, 1], yDomain: [0, 1] }).inner.y, 8);
});

test('panel: given tick values are drawn as written, counted ticks by d3, and nice rounds the domain out', () => {
  const given = wrap(panel({ x: 0, y: 0, width: 300, height: 200, xDomain: [0, 1], yDomain: [0, 1], xTicks: [0, 0.25, 1], yTicks: [0.1, 0.9], xLabel: 'p', yLabel: 'E(p)' }).frame);
  const labels = given.children.flatMap((c) => (c.name === 'g' ? c.children : [])).filter((n) => n.name === 'text' && n.attrs['text-anchor'] !== undefined && !n.attrs.class);
  assert.deepEqual(labels.map((n) => n.text), ['0', '0.25', '1', '0.1', '0.9']);
  assert.deepEqual(byClass(given, 'axis-label').map((n) => n.text), ['p', 'E(p)']);
  // 5 ticks over 0.874: step 0.2 (d3 rounds 0.17 up to 2 × 10^k), so the domain rounds out to [0, 1].
  const nice = panel({ x: 0, y: 0, width: 300, height: 200, xDomain: [0.013, 0.887], yDomain: [0.013, 0.887], nice: 'y' });
  assert.deepEqual(nice.sy.domain(), [0, 1]);
  assert.deepEqual(nice.sx.domain(), [0.013, 0.887], 'nice: "y" leaves x alone');
  assert.deepEqual(panel({ x: 0, y: 0, width: 300, height: 200, xDomain: [0.013, 0.887], yDomain: [0, 1], nice: true }).sx.domain(), [0, 1]);
});

test('header: title, subtitle and a legend that wraps into rows no wider than the figure', () => {
  const items: LegendItem[] = ['line', 'band', 'point', 'vline', 'errorbar', 'diamond'].map((kind, i) => ({ label: `series number ${i}`, kind: kind as LegendItem['kind'], color: '#123456' }));
  const wide = header(2000, 'Title', 'Sub', items);
  const narrow = header(340, 'Title', 'Sub', items);
  const root = wrap(narrow.svg);
  assert.equal(byClass(root, 'figure-title')[0].text, 'Title');
  assert.equal(byClass(root, 'legend-item').length, 6);
  // Each item is 26 + 6 + 15 × 12 × 0.58 = 136.4 px plus an 18 px gap: in 340 − 2 × 14 px two fit a row (14 + 154.4 + 136.4 = 304.8 ≤ 326), three do not, so three rows of 18 px; at 2000 px one row.
  const ys = new Set(byClass(root, 'legend-item').map((g) => g.children.at(-1)!.attrs.y));
  assert.equal(ys.size, 3);
  assert.equal(narrow.height - wide.height, 2 * 18);
  assert.equal(header(300, 'Title', undefined, []).height < header(300, 'Title', 'Sub', []).height, true);
});

test('diamond: a closed path through the four points at distance r', () => {
  assert.equal(diamond(10, 20, 5, '#000'), '<path d="M10,15L15,20L10,25L5,20Z" fill="none" stroke="#000" stroke-width="1.8"/>');
});

test('panelGrid and rows: n panels in rows of at most cols, filling the width', () => {
  const boxes = panelGrid(5, 3, 10, 0, 300, 50);
  assert.deepEqual(boxes.map((b) => [b.x, b.y, b.width]), [[10, 0, 100], [110, 0, 100], [210, 0, 100], [10, 50, 100], [110, 50, 100]]);
  assert.equal(rows(5, 3), 2);
  assert.equal(rows(2, 3), 1);
  assert.deepEqual(panelGrid(2, 3, 0, 0, 300, 50).map((b) => b.width), [150, 150], 'fewer panels than columns share the width');
  assert.equal(rows(4, 0), 4, 'cols below 1 is one column');
});
