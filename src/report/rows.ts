/** Prints rows of named values as a readable table, Markdown, CSV or JSON: one code path for every command. */
import stringWidth = require('string-width');
import { SolhError } from '../errors';

const FORMATS = ['text', 'markdown', 'csv', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export function checkFormat(f: string): Format {
  if (!(FORMATS as readonly string[]).includes(f)) {
    throw new SolhError(`unknown format "${f}": choose one of ${FORMATS.join(', ')}`);
  }
  return f as Format;
}

export interface Column<R> {
  header: string;
  /** Text for text/markdown/csv. */
  text(row: R): string;
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderRows<R>(rows: R[], columns: Column<R>[], format: Format, json: (row: R) => unknown = (r) => r): string {
  switch (format) {
    case 'json':
      return JSON.stringify(rows.map(json), null, 1);
    case 'csv':
      return [columns.map((c) => csvCell(c.header)), ...rows.map((r) => columns.map((c) => csvCell(c.text(r))))]
        .map((cells) => cells.join(','))
        .join('\n');
    case 'markdown': {
      const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
      return [
        line(columns.map((c) => c.header)),
        line(columns.map(() => '---')),
        ...rows.map((r) => line(columns.map((c) => c.text(r)))),
      ].join('\n');
    }
    case 'text':
      return boxed(columns.map((c) => c.header), rows.map((r) => columns.map((c) => c.text(r))));
  }
}

/**
 * A boxed table, as cli-table3 draws one with its default style and no colours (the test holds
 * the two to the same text): each column as wide as its widest line plus a space each side, cells
 * of several lines, and a rule under the header and between rows. Widths are terminal columns
 * (string-width: wide characters count two). Drawn here because cli-table3 measures each cell
 * dozens of times, and string-width rebuilds its regular expression at every call: the paper
 * grid's two tables took 0.19 s to draw, which each `solh run` waited for.
 */
function boxed(head: string[], rows: string[][]): string {
  const table = [head, ...rows].map((cells) => cells.map((cell) => cell.split('\n').map((line) => ({ line, width: stringWidth(line) }))));
  const widths = head.map((_, j) => 2 + Math.max(0, ...table.map((cells) => Math.max(...cells[j].map((l) => l.width)))));
  const rule = (left: string, mid: string, right: string) => left + widths.map((w) => '─'.repeat(w)).join(mid) + right;
  const lines = (cells: { line: string; width: number }[][]) =>
    Array.from({ length: Math.max(...cells.map((c) => c.length)) }, (_, k) =>
      `│${cells.map((c, j) => ` ${c[k]?.line ?? ''}${' '.repeat(widths[j] - 2 - (c[k]?.width ?? 0))} `).join('│')}│`,
    );
  const body = table.slice(1).flatMap((cells) => [rule('├', '┼', '┤'), ...lines(cells)]);
  return [rule('┌', '┬', '┐'), ...lines(table[0]), ...body, rule('└', '┴', '┘')].join('\n');
}
