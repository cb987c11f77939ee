/**
 * The look shared by every figure: sizes, fonts, colours, and one style per loss that stays the
 * same across figures (colour by threshold distribution, dash by family, so SOL and SOLH over the
 * same distribution read as a pair).
 */
import { schemeTableau10 } from 'd3-scale-chromatic';
import { familyOf } from 'solh-losses/core';

export const FONT = "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', Helvetica, Arial, sans-serif";
export const FONT_SIZE = { title: 16, subtitle: 12, panelTitle: 12, axisLabel: 12, tick: 10, legend: 12 };
export const INK = '#222';
export const MUTED = '#666';
export const GRID = '#e4e4e4';
export const BACKGROUND = '#fff';
/** Colours for things that are not losses (train vs validation, reference lines). */
export const ROLE = { train: '#1f5fa8', validation: '#d9661f', reference: '#9a9a9a', paper: '#111', marker: '#111' };
export const BAND_OPACITY = 0.18;

export interface LossStyle {
  color: string;
  /** SVG stroke-dasharray, '' for solid. */
  dash: string;
}

/** Tableau 10 without its grey, which is kept for reference lines. */
const COLOURS = schemeTableau10.filter((c) => c.toLowerCase() !== '#bab0ac');

/** A style for each loss spec, as its family's registry entry says (BCE: near-black and solid). */
export function lossStyles(specs: string[]): Map<string, LossStyle> {
  const dists: string[] = [];
  const out = new Map<string, LossStyle>();
  for (const spec of specs) {
    const f = familyOf(spec);
    const style = f?.family.style;
    if (style?.kind === 'fixed') {
      out.set(spec, { color: style.color, dash: style.dash });
      continue;
    }
    // Text of no known family is coloured by what follows its ':' and drawn solid.
    const dist = style ? style.colourKey(f!.rest) : (spec.includes(':') ? spec.slice(spec.indexOf(':') + 1) : '');
    if (!dists.includes(dist)) dists.push(dist);
    out.set(spec, { color: COLOURS[dists.indexOf(dist) % COLOURS.length], dash: style?.dash ?? '' });
  }
  return out;
}
