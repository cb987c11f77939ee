/** The SVG text primitives: escaping, attributes, rounding, and a document any XML parser reads. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { el, esc, svgDocument, text, textWidth } from '../../../src/report/figures/svg';
import { parseSvg } from '../../helpers/svg';

test('esc: the four characters XML needs escaped in text and attributes, and nothing else', () => {
  assert.equal(esc(`a<b & "c" > d 'e'`), 'a&lt;b &amp; &quot;c&quot; &gt; d \'e\'');
  assert.equal(esc('&amp;'), '&amp;amp;', 'text that looks escaped is escaped again');
  assert.equal(esc('τ* ± 1 sd'), 'τ* ± 1 sd');
});

test('el: attributes that are undefined, null, false or empty are left out; numbers rounded to 0.01', () => {
  assert.equal(el('line', { x1: 1.005, y1: 2.344999, x2: -0.004, y2: 10, stroke: undefined, dash: null, hidden: false, class: '' }), '<line x1="1" y1="2.34" x2="0" y2="10"/>');
  assert.equal(el('circle', { r: 0.125, fill: '#fff' }), '<circle r="0.13" fill="#fff"/>');
  assert.equal(el('g', { 'data-loss': 'x<1>&"' }, ['<a/>', '<b/>']), '<g data-loss="x&lt;1&gt;&amp;&quot;"><a/><b/></g>');
  assert.equal(el('title', {}, 'plain'), '<title>plain</title>');
});

test('text: the string escaped inside a positioned <text>', () => {
  assert.equal(text(3, 4.5, 'a<b', { 'font-size': 12 }), '<text x="3" y="4.5" font-size="12">a&lt;b</text>');
});

test('textWidth: 0.58 em per character, counting code points (τ is one)', () => {
  assert.equal(textWidth('abcd', 10), 23.2);
  assert.equal(textWidth('τ*', 10), 11.6);
});

test('svgDocument: well-formed XML with size, viewBox, title, description and a background', () => {
  const svg = svgDocument({ width: 320.456, height: 200, title: 'F1 <test>', description: 'mean & band', kind: 'demo' }, [el('circle', { cx: 1, cy: 2, r: 3 })]);
  const root = parseSvg(svg);
  assert.equal(root.attrs.width, '320.46');
  assert.equal(root.attrs.viewBox, '0 0 320.46 200');
  assert.equal(root.attrs['data-figure'], 'demo');
  assert.deepEqual(root.children.map((c) => c.name), ['title', 'desc', 'rect', 'circle']);
  assert.equal(root.children[0].text, 'F1 <test>');
  assert.equal(root.children[1].text, 'mean & band');
  assert.equal(root.children[2].attrs.fill, '#fff');
  const bare = parseSvg(svgDocument({ width: 10, height: 10, title: 't', kind: 'k' }, []));
  assert.deepEqual(bare.children.map((c) => c.name), ['title', 'rect'], 'no <desc> without a description');
});
