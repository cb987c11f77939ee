/** Figure: train and validation loss per epoch, one panel per loss, with the epoch early stopping kept. */
import { line } from 'd3-shape';
import { scoreLabel } from 'solh-losses/core';
import { lossLabel } from '../paper';
import { LearningSeries } from './data';
import { el, esc, svgDocument } from './svg';
import { header, panel, panelGrid, rows } from './chart';
import { ROLE } from './style';

export interface LearningOptions {
  target: string;
  seed: number;
  width?: number;
  columns?: number;
}

export function learningFigure(series: LearningSeries[], o: LearningOptions): string {
  const width = o.width ?? 1100;
  const cols = o.columns ?? 5;
  const title = `Learning curves, target ${scoreLabel(o.target)}, seed ${o.seed}`;
  const subtitle = 'Loss per epoch on the training and validation sets; each panel has its own loss scale (BCE and score losses differ)';
  const head = header(width, title, subtitle, [
    { label: 'train loss', kind: 'line', color: ROLE.train },
    { label: 'validation loss', kind: 'line', color: ROLE.validation, dash: '6 3' },
    { label: 'best epoch (weights kept by early stopping)', kind: 'vline', color: ROLE.marker },
  ]);
  const maxEpoch = Math.max(1, ...series.map((s) => Math.max(s.trainLoss.length, s.validationLoss.length)));
  const panelHeight = 210;
  const boxes = panelGrid(series.length, cols, 0, head.height, width, panelHeight);
  const body = series.map((s, i) => {
    const firstCol = i % Math.min(cols, series.length) === 0;
    const lastRow = i >= series.length - Math.min(cols, series.length);
    const values = [...s.trainLoss, ...s.validationLoss].filter(Number.isFinite);
    const [lo, hi] = values.length ? [Math.min(...values), Math.max(...values)] : [0, 1];
    const p = panel({
      ...boxes[i], xDomain: [1, maxEpoch], yDomain: lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi], nice: 'y', xTicks: 4, yTicks: 4,
      title: `${lossLabel(s.loss)}${s.status === 'failed' ? ' (failed)' : ''}`,
      xLabel: lastRow ? 'epoch' : undefined, yLabel: firstCol ? 'loss' : undefined,
      margin: { left: firstCol ? 56 : 46 },
    });
    const path = line<number>().defined(Number.isFinite).x((_, j) => p.sx(j + 1)).y((v) => p.sy(v)).digits(2);
    const parts = [
      p.frame,
      el('g', { class: 'series', 'data-loss': s.loss }, [
        el('title', {}, esc(lossLabel(s.loss))),
        el('path', { class: 'train', d: path(s.trainLoss) ?? '', fill: 'none', stroke: ROLE.train, 'stroke-width': 1.8 }),
        el('path', { class: 'validation', d: path(s.validationLoss) ?? '', fill: 'none', stroke: ROLE.validation, 'stroke-width': 1.8, 'stroke-dasharray': '6 3' }),
      ]),
    ];
    if (s.bestEpoch >= 1) {
      const bx = p.sx(s.bestEpoch);
      const v = s.validationLoss[s.bestEpoch - 1];
      parts.push(el('g', { class: 'best-epoch', 'data-loss': s.loss, 'data-epoch': s.bestEpoch }, [
        el('title', {}, esc(`${lossLabel(s.loss)}: best epoch ${s.bestEpoch} of ${s.trainLoss.length}`)),
        el('line', { x1: bx, y1: p.inner.y, x2: bx, y2: p.inner.y + p.inner.height, stroke: ROLE.marker, 'stroke-width': 1.3, 'stroke-dasharray': '4 2' }),
        Number.isFinite(v) ? el('circle', { cx: bx, cy: p.sy(v), r: 3.5, fill: '#fff', stroke: ROLE.marker, 'stroke-width': 1.5 }) : '',
      ]));
    }
    return el('g', { class: 'panel' }, parts);
  });
  const height = head.height + rows(series.length, cols) * panelHeight + 6;
  return svgDocument({ width, height, title, description: subtitle, kind: 'learning' }, [head.svg, ...body]);
}
