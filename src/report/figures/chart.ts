/** The parts of a chart: a header (title, subtitle, legend), panels with scales and axes, and a grid of panels. */
import { scaleLinear, ScaleLinear } from 'd3-scale';
import { el, text, textWidth } from './svg';
import { BAND_OPACITY, FONT_SIZE, GRID, INK, MUTED } from './style';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LegendItem {
  label: string;
  kind: 'line' | 'band' | 'point' | 'vline' | 'errorbar' | 'diamond';
  color: string;
  dash?: string;
}

const SWATCH = 26;
const ITEM_GAP = 18;
const ROW = 18;

function swatch(item: LegendItem, x: number, y: number): string {
  const mid = x + SWATCH / 2;
  switch (item.kind) {
    case 'line':
      return el('line', { x1: x, y1: y, x2: x + SWATCH, y2: y, stroke: item.color, 'stroke-width': 2, 'stroke-dasharray': item.dash });
    case 'band':
      return el('rect', { x, y: y - 5, width: SWATCH, height: 10, fill: item.color, 'fill-opacity': BAND_OPACITY * 1.6 });
    case 'point':
      return el('circle', { cx: mid, cy: y, r: 4, fill: item.color });
    case 'vline':
      return el('line', { x1: mid, y1: y - 7, x2: mid, y2: y + 7, stroke: item.color, 'stroke-width': 1.5, 'stroke-dasharray': item.dash ?? '4 2' });
    case 'errorbar':
      return [
        el('line', { x1: x + 3, y1: y, x2: x + SWATCH - 3, y2: y, stroke: item.color, 'stroke-width': 1.5 }),
        el('line', { x1: x + 3, y1: y - 4, x2: x + 3, y2: y + 4, stroke: item.color, 'stroke-width': 1.5 }),
        el('line', { x1: x + SWATCH - 3, y1: y - 4, x2: x + SWATCH - 3, y2: y + 4, stroke: item.color, 'stroke-width': 1.5 }),
        el('circle', { cx: mid, cy: y, r: 4, fill: item.color }),
      ].join('');
    case 'diamond':
      return diamond(mid, y, 5, item.color);
  }
}

export function diamond(cx: number, cy: number, r: number, color: string, attrs: Record<string, string> = {}): string {
  const d = `M${cx},${cy - r}L${cx + r},${cy}L${cx},${cy + r}L${cx - r},${cy}Z`;
  return el('path', { d, fill: 'none', stroke: color, 'stroke-width': 1.8, ...attrs });
}

/** Legend items flowed left to right into rows no wider than `width`. */
function legend(items: LegendItem[], x: number, y: number, width: number): { svg: string; height: number } {
  const parts: string[] = [];
  let cx = x;
  let cy = y + ROW / 2;
  for (const item of items) {
    const w = SWATCH + 6 + textWidth(item.label, FONT_SIZE.legend);
    if (cx > x && cx + w > x + width) {
      cx = x;
      cy += ROW;
    }
    parts.push(el('g', { class: 'legend-item' }, [swatch(item, cx, cy), text(cx + SWATCH + 6, cy + 4, item.label, { 'font-size': FONT_SIZE.legend })]));
    cx += w + ITEM_GAP;
  }
  return { svg: el('g', { class: 'legend' }, parts), height: items.length ? cy - y + ROW / 2 : 0 };
}

/** Title, optional subtitle and the legend across the top; returns where the panels may start. */
export function header(width: number, title: string, subtitle: string | undefined, items: LegendItem[]): { svg: string; height: number } {
  const pad = 14;
  const parts = [text(pad, pad + FONT_SIZE.title, title, { 'font-size': FONT_SIZE.title, 'font-weight': 'bold', class: 'figure-title' })];
  let y = pad + FONT_SIZE.title + 6;
  if (subtitle) {
    parts.push(text(pad, y + FONT_SIZE.subtitle, subtitle, { 'font-size': FONT_SIZE.subtitle, fill: MUTED }));
    y += FONT_SIZE.subtitle + 8;
  }
  const lg = legend(items, pad, y + 2, width - 2 * pad);
  parts.push(lg.svg);
  return { svg: parts.join(''), height: y + lg.height + 10 };
}

export interface PanelOptions extends Box {
  xDomain: [number, number];
  yDomain: [number, number];
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Tick values, or a count for d3's nice ticks. */
  xTicks?: number[] | number;
  yTicks?: number[] | number;
  /** Round the domains out to nice tick values: both axes, or only y. */
  nice?: boolean | 'y';
  margin?: Partial<Margin>;
}

interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface Panel {
  sx: ScaleLinear<number, number>;
  sy: ScaleLinear<number, number>;
  /** The plotting area in figure coordinates. */
  inner: Box;
  /** Background grid, axes, tick labels, axis labels and title, to be drawn beneath the data. */
  frame: string;
}

const DEFAULT_MARGIN: Margin = { top: 22, right: 12, bottom: 40, left: 52 };

function ticksOf(scale: ScaleLinear<number, number>, t: number[] | number | undefined): number[] {
  return Array.isArray(t) ? t : scale.ticks(t ?? 5);
}

/** d3's format for counted ticks; given tick values are shown as written (0.25 stays 0.25). */
function tickFormat(scale: ScaleLinear<number, number>, t: number[] | number | undefined): (x: number) => string {
  return Array.isArray(t) ? (x) => String(+x.toFixed(6)) : scale.tickFormat(t ?? 5);
}

export function panel(o: PanelOptions): Panel {
  const m = { ...DEFAULT_MARGIN, ...o.margin };
  if (!o.title) m.top = Math.min(m.top, 8);
  const inner: Box = { x: o.x + m.left, y: o.y + m.top, width: o.width - m.left - m.right, height: o.height - m.top - m.bottom };
  const sx = scaleLinear().domain(o.xDomain).range([inner.x, inner.x + inner.width]);
  const sy = scaleLinear().domain(o.yDomain).range([inner.y + inner.height, inner.y]);
  if (o.nice === true) sx.nice(typeof o.xTicks === 'number' ? o.xTicks : 5);
  if (o.nice) sy.nice(typeof o.yTicks === 'number' ? o.yTicks : 5);
  const xt = ticksOf(sx, o.xTicks);
  const yt = ticksOf(sy, o.yTicks);
  const fx = tickFormat(sx, o.xTicks);
  const fy = tickFormat(sy, o.yTicks);
  const bottom = inner.y + inner.height;
  const parts: string[] = [];
  for (const t of yt) parts.push(el('line', { x1: inner.x, y1: sy(t), x2: inner.x + inner.width, y2: sy(t), stroke: GRID }));
  for (const t of xt) parts.push(el('line', { x1: sx(t), y1: inner.y, x2: sx(t), y2: bottom, stroke: GRID }));
  parts.push(el('rect', { x: inner.x, y: inner.y, width: inner.width, height: inner.height, fill: 'none', stroke: '#bbb' }));
  for (const t of xt) {
    parts.push(el('line', { x1: sx(t), y1: bottom, x2: sx(t), y2: bottom + 4, stroke: INK }));
    parts.push(text(sx(t), bottom + 15, fx(t), { 'font-size': FONT_SIZE.tick, 'text-anchor': 'middle', fill: MUTED }));
  }
  for (const t of yt) {
    parts.push(el('line', { x1: inner.x - 4, y1: sy(t), x2: inner.x, y2: sy(t), stroke: INK }));
    parts.push(text(inner.x - 6, sy(t) + 3.5, fy(t), { 'font-size': FONT_SIZE.tick, 'text-anchor': 'end', fill: MUTED }));
  }
  if (o.xLabel) parts.push(text(inner.x + inner.width / 2, bottom + 32, o.xLabel, { 'font-size': FONT_SIZE.axisLabel, 'text-anchor': 'middle', class: 'axis-label' }));
  if (o.yLabel) {
    const cx = o.x + 14;
    const cy = inner.y + inner.height / 2;
    parts.push(text(cx, cy, o.yLabel, { 'font-size': FONT_SIZE.axisLabel, 'text-anchor': 'middle', transform: `rotate(-90 ${cx} ${cy})`, class: 'axis-label' }));
  }
  if (o.title) parts.push(text(inner.x, inner.y - 7, o.title, { 'font-size': FONT_SIZE.panelTitle, 'font-weight': 'bold', class: 'panel-title' }));
  return { sx, sy, inner, frame: el('g', { class: 'frame' }, parts) };
}

/** Boxes for n panels in rows of `cols`, filling `width` from (x, y). */
export function panelGrid(n: number, cols: number, x: number, y: number, width: number, panelHeight: number): Box[] {
  const c = Math.max(1, Math.min(cols, n));
  const w = width / c;
  return Array.from({ length: n }, (_, i) => ({ x: x + (i % c) * w, y: y + Math.floor(i / c) * panelHeight, width: w, height: panelHeight }));
}

export function rows(n: number, cols: number): number {
  return Math.ceil(n / Math.max(1, Math.min(cols, n)));
}
