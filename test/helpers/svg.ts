/** Reads an SVG string as XML: fails on anything not well-formed, and lists its elements with their attributes. */
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface Node {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: Node[];
}

type Raw = Record<string, unknown> & { ':@'?: Record<string, string> };

function convert(raw: Raw): Node | null {
  const name = Object.keys(raw).find((k) => k !== ':@');
  if (!name || name === '#text') return null;
  const kids = (raw[name] as Raw[]).map(convert).filter((n): n is Node => n !== null);
  const text = (raw[name] as Raw[]).filter((k) => '#text' in k).map((k) => String(k['#text'])).join('');
  return { name, attrs: raw[':@'] ?? {}, text, children: kids };
}

/** The root element of a well-formed SVG document. */
export function parseSvg(svg: string): Node {
  const valid = XMLValidator.validate(svg);
  assert.equal(valid, true, `not well-formed XML: ${JSON.stringify(valid)}`);
  const parsed = new XMLParser({ ignoreAttributes: false, preserveOrder: true, attributeNamePrefix: '', parseAttributeValue: false, trimValues: false }).parse(svg) as Raw[];
  const roots = parsed.map(convert).filter((n): n is Node => n !== null);
  assert.equal(roots.length, 1, 'one root element');
  assert.equal(roots[0].name, 'svg');
  assert.equal(roots[0].attrs.xmlns, 'http://www.w3.org/2000/svg');
  return roots[0];
}

function all(root: Node, pred: (n: Node) => boolean): Node[] {
  const out: Node[] = [];
  const walk = (n: Node) => {
    if (pred(n)) out.push(n);
    n.children.forEach(walk);
  };
  walk(root);
  return out;
}

export const byClass = (root: Node, cls: string) => all(root, (n) => (n.attrs.class ?? '').split(' ').includes(cls));

/** Every figure has an accessible title, a visible title, labelled axes and a legend. */
export function assertFigureBasics(root: Node, minAxisLabels = 2): void {
  assert.ok(root.children.some((c) => c.name === 'title' && c.text.length > 0), 'svg <title>');
  assert.equal(byClass(root, 'figure-title').length, 1, 'visible title');
  assert.ok(byClass(root, 'axis-label').length >= minAxisLabels, 'axis labels');
  assert.ok(byClass(root, 'legend-item').length >= 1, 'legend');
  for (const k of ['width', 'height']) assert.ok(Number(root.attrs[k]) > 0, k);
  // Coordinates must be numbers: a NaN from a bad scale would draw nothing, silently.
  const bad = all(root, (n) => Object.entries(n.attrs).some(([k, v]) => /^(x|y|x1|x2|y1|y2|cx|cy|r|d|width|height)$/.test(k) && /NaN|undefined|Infinity/.test(v)));
  assert.equal(bad.length, 0, `elements with NaN coordinates: ${bad.map((n) => n.name).join(',')}`);
}
