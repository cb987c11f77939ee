/** The feature plan as printed before a grid runs: one block per seed, seeds with the same plan together. */
import type { FeatureSummary } from '../experiment/prepare';

const split3 = (p: { train: number; validation: number; test: number }) => `${p.train}/${p.validation}/${p.test}`;

function block(s: FeatureSummary): string[] {
  const lines = [`${s.rows.train + s.rows.validation + s.rows.test} rows (train/validation/test ${split3(s.rows)}) → ${s.width} features`];
  const d = s.droppedRows;
  if (d.missingLabel) lines.push(`  left out: ${d.missingLabel} rows with a missing label (before splitting)`);
  if (d.train + d.validation + d.test) lines.push(`  left out by --missing drop-rows: ${split3(d)} rows (train/validation/test)`);
  // Plain numeric columns (one feature, nothing filled in) on one line: a table like ACTG 175 is all of them.
  const plain = s.columns.filter((c) => c.kind === 'numeric' && c.features === 1 && !c.imputedCells);
  if (plain.length) {
    const names = plain.slice(0, 8).map((c) => c.name).join(', ') + (plain.length > 8 ? `, … (${plain.length - 8} more)` : '');
    lines.push(`  ${plain.length} numeric column${plain.length > 1 ? 's' : ''} as they are: ${names}`);
  }
  for (const c of s.columns) {
    if (plain.includes(c)) continue;
    const imputed = c.imputedCells ? `; missing cells filled in (train/validation/test) ${split3(c.imputedCells)}` : '';
    if (c.kind === 'numeric') {
      const how = c.median !== undefined ? ` with the training median ${c.median}` : '';
      lines.push(`  ${c.name}: numeric → ${c.features} feature${c.features > 1 ? 's (value, was missing)' : ''}${imputed}${how}`);
    } else {
      const unseen = c.unseenCells!;
      const un = unseen.train + unseen.validation + unseen.test ? `; unseen categories (all zeros) ${split3(unseen)}` : '; no unseen categories';
      lines.push(`  ${c.name}: categorical → ${c.features} feature${c.features === 1 ? '' : 's'} (${c.categories!.join(', ')})${imputed}${un}`);
    }
  }
  return lines;
}

export function formatFeaturePlans(plans: { seed: number; summary: FeatureSummary }[]): string {
  const groups = new Map<string, number[]>();
  for (const { seed, summary } of plans) {
    const text = block(summary).join('\n');
    groups.set(text, [...(groups.get(text) ?? []), seed]);
  }
  const out = ['feature plan (fitted on each seed\'s training split):'];
  for (const [text, seeds] of groups) out.push(`seed${seeds.length > 1 ? 's' : ''} ${seeds.join(', ')}: ${text}`);
  return out.join('\n') + '\n';
}
