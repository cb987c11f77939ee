/** Prints rows of named values as a readable table, Markdown, CSV or JSON: one code path for every command. */
import Table = require('cli-table3');
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
    case 'text': {
      const t = new Table({ head: columns.map((c) => c.header), style: { head: [], border: [] } });
      for (const r of rows) t.push(columns.map((c) => c.text(r)));
      return t.toString();
    }
  }
}
