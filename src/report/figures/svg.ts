/**
 * SVG text primitives: escaping, elements with attributes, and the document wrapper. Figures are
 * plain strings so that they need no DOM to build and can be inlined into HTML as they are.
 * Styling is by attributes only: a <style> inside inline SVG would leak into the whole HTML page.
 */
import { BACKGROUND, FONT, INK } from './style';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Coordinates rounded to 0.01 px: smaller files, no visible change. */
function px(x: number): string {
  return String(Math.round(x * 100) / 100);
}

type AttrValue = string | number | undefined | null | false;

/** An element; attributes that are undefined, null or false are left out, numbers are rounded. */
export function el(name: string, attrs: Record<string, AttrValue>, children: string | string[] = ''): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined && v !== null && v !== false && v !== '')
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? px(v) : esc(String(v))}"`)
    .join('');
  const body = Array.isArray(children) ? children.join('') : children;
  return body === '' ? `<${name}${a}/>` : `<${name}${a}>${body}</${name}>`;
}

export function text(x: number, y: number, s: string, attrs: Record<string, AttrValue> = {}): string {
  return el('text', { x, y, ...attrs }, esc(s));
}

/** Rough width of a label: SVG strings cannot be measured without a renderer. */
export function textWidth(s: string, fontSize: number): number {
  return [...s].length * fontSize * 0.58;
}

/** The whole figure: sized root, accessible title and description, white background. */
export function svgDocument(o: { width: number; height: number; title: string; description?: string; kind: string }, body: string[]): string {
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width: o.width,
      height: o.height,
      viewBox: `0 0 ${px(o.width)} ${px(o.height)}`,
      role: 'img',
      'font-family': FONT,
      fill: INK,
      'data-figure': o.kind,
    },
    [
      el('title', {}, esc(o.title)),
      o.description ? el('desc', {}, esc(o.description)) : '',
      el('rect', { x: 0, y: 0, width: o.width, height: o.height, fill: BACKGROUND }),
      ...body,
    ],
  );
}
