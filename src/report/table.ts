/**
 * From records to the paper's table layout: one row per loss for a target, each column the mean
 * and sample sd over seeds, and optionally the paper's printed value and our difference to it.
 */
import { RunRecord } from '../experiment/record';
import { PAPER, PaperRow, lossLabel, onPaperData, noPaperValuesNote } from './paper';
import { collapsed } from './test-counts';
import { groupRecords, recordsByLoss, tabledTargets, PAPER_ORDER } from './query';
import { Column, Format, renderRows } from './rows';
import { scoreAt } from '../store/record-schema';

const COLUMNS = ['epochs', 'trainScore', 'tauStar', 'trainScoreTau', 'testScore', 'testScoreTau'] as const;
export type ColumnName = (typeof COLUMNS)[number];

export interface TableRow {
  target: string;
  loss: string;
  label: string;
  n: number;
  failed: number;
  configHash: string;
  backend: string;
  /** Mean over the finished seeds (null when none finished). */
  mean: Record<ColumnName, number | null>;
  sd: Record<ColumnName, number | null>;
  seeds: number[];
  /** Finished runs whose test predictions were all one class, at the threshold and at the target's τ* (null: the records cannot tell). */
  collapsed: { at05: number | null; atTau: number | null };
  paper?: PaperRow;
}

function meanSd(xs: number[]): [number | null, number | null] {
  if (xs.length === 0) return [null, null];
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  if (xs.length === 1) return [m, null];
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
  return [m, Math.sqrt(v)];
}

/** Rows for one target from one group, losses in the order given (others after, by name). */
export function buildRows(records: RunRecord[], target: string, order: string[] = []): TableRow[] {
  return [...recordsByLoss(records, target, order)].map(([loss, rs]) => {
    const ok = rs.filter((r) => r.status === 'ok' && r.evaluation[target]);
    const pick: Record<ColumnName, (r: RunRecord) => number> = {
      epochs: (r) => r.epochsRun,
      trainScore: (r) => scoreAt(r.evaluation[target], 'train', 'threshold')!,
      tauStar: (r) => r.evaluation[target].tauStar,
      trainScoreTau: (r) => scoreAt(r.evaluation[target], 'train', 'tau')!,
      testScore: (r) => scoreAt(r.evaluation[target], 'test', 'threshold')!,
      testScoreTau: (r) => scoreAt(r.evaluation[target], 'test', 'tau')!,
    };
    const mean = {} as Record<ColumnName, number | null>;
    const sd = {} as Record<ColumnName, number | null>;
    for (const c of COLUMNS) [mean[c], sd[c]] = meanSd(ok.map(pick[c]));
    const count = (at: '0.5' | 'tau') => {
      const c = ok.map((r) => collapsed(r, target, at));
      return c.some((x) => x === undefined) ? (c.some((x) => x === true) ? c.filter((x) => x === true).length : null) : c.filter(Boolean).length;
    };
    return {
      target, loss, label: lossLabel(loss), n: ok.length, failed: rs.length - ok.length, collapsed: { at05: count('0.5'), atTau: count('tau') },
      configHash: rs[0].configHash, backend: rs[0].backend, mean, sd, seeds: rs.map((r) => r.key.seed),
      paper: onPaperData(rs[0]) ? PAPER[target]?.[loss] : undefined,
    };
  });
}

const HEADERS: Record<ColumnName, (t: string) => string> = {
  epochs: () => 'Epoch',
  trainScore: (t) => `Train ${t}`,
  tauStar: () => 'τ*',
  trainScoreTau: (t) => `Train ${t}(τ*)`,
  testScore: (t) => `Test ${t}`,
  testScoreTau: (t) => `Test ${t}(τ*)`,
};

/** " (collapsed: 6 at the threshold)": runs that predicted one class for every test row, where there are any. */
const collapsedNote = (r: TableRow) => {
  const parts = [r.collapsed.at05 ? `${r.collapsed.at05} at the threshold` : '', r.collapsed.atTau ? `${r.collapsed.atTau} at τ*` : ''].filter(Boolean);
  return parts.length ? ` (collapsed: ${parts.join(', ')})` : '';
};

const fix = (x: number | null | undefined, d: number) => (x === null || x === undefined ? '–' : x.toFixed(d));
const digits = (c: ColumnName) => (c === 'epochs' ? 1 : 4);

export function renderTable(rows: TableRow[], format: Format, comparePaper: boolean): string {
  const target = rows[0]?.target ?? '';
  const cell = (r: TableRow, c: ColumnName, multiline: boolean) => {
    const own = `${fix(r.mean[c], digits(c))} ± ${fix(r.sd[c], digits(c))}`;
    if (!comparePaper) return own;
    const p = r.paper?.[c];
    const diff = p === undefined || r.mean[c] === null ? '–' : `${r.mean[c]! - p >= 0 ? '+' : '−'}${Math.abs(r.mean[c]! - p).toFixed(digits(c))}`;
    const paper = p === undefined ? '–' : p.toFixed(c === 'epochs' ? 0 : 4);
    return multiline ? `${own}\npaper ${paper}\nΔ ${diff}` : `${own} (paper ${paper}, Δ ${diff})`;
  };
  const columns: Column<TableRow>[] = [
    { header: 'Loss', text: (r) => r.label },
    { header: 'n', text: (r) => `${r.n}${r.failed ? ` (+${r.failed} failed)` : ''}${format === 'csv' ? '' : collapsedNote(r)}` },
  ];
  if (format === 'csv') {
    columns.push({ header: 'spec', text: (r) => r.loss });
    columns.push({ header: 'collapsed_at_threshold', text: (r) => (r.collapsed.at05 === null ? '' : String(r.collapsed.at05)) });
    columns.push({ header: 'collapsed_at_tau', text: (r) => (r.collapsed.atTau === null ? '' : String(r.collapsed.atTau)) });
    for (const c of COLUMNS) {
      columns.push({ header: `${c}_mean`, text: (r) => fix(r.mean[c], 6) }, { header: `${c}_sd`, text: (r) => fix(r.sd[c], 6) });
      if (comparePaper) columns.push({ header: `${c}_paper`, text: (r) => fix(r.paper?.[c], 4) });
    }
  } else {
    for (const c of COLUMNS) columns.push({ header: HEADERS[c](target), text: (r) => cell(r, c, format === 'text') });
  }
  return renderRows(rows, columns, format, (r) => ({
    target: r.target, loss: r.loss, label: r.label, n: r.n, failed: r.failed, seeds: r.seeds,
    configHash: r.configHash, backend: r.backend, collapsed: r.collapsed,
    ...r.mean,
    sd: r.sd,
    ...(comparePaper ? { paper: r.paper ?? null, diff: r.paper ? Object.fromEntries(COLUMNS.map((c) => [c, r.mean[c] === null ? null : r.mean[c]! - r.paper![c]])) : null } : {}),
  }));
}

export interface TablesOptions {
  targets?: string[];
  format: Format;
  comparePaper: boolean;
  order?: string[];
}

/**
 * Every table a set of records makes: one per (protocol, backend) group and target. Paper values
 * are shown only for records made on the paper's data; for others `notes` says why they are not.
 */
export function renderTables(records: RunRecord[], o: TablesOptions): { text: string; rows: TableRow[]; notes: string[] } {
  const blocks: string[] = [];
  const all: TableRow[] = [];
  const notes = new Set<string>();
  // One json/csv table for every group: paper columns only if every group has paper values.
  let allPaper = o.comparePaper;
  for (const group of groupRecords(records)) {
    const comparePaper = o.comparePaper && onPaperData(group[0]);
    if (o.comparePaper && !comparePaper) {
      notes.add(noPaperValuesNote(group[0]));
      allPaper = false;
    }
    for (const target of o.targets ?? tabledTargets(group)) {
      const rows = buildRows(group, target, o.order ?? PAPER_ORDER);
      if (rows.length === 0) continue;
      all.push(...rows);
      if (o.format === 'text' || o.format === 'markdown') {
        const paperTable = target === 'accuracy' ? 'Table 1: ' : target === 'f1' ? 'Table 2: ' : '';
        const title = `${paperTable}target ${target} (config ${group[0].configHash}, backend ${group[0].backend}; mean ± sd over seeds)`;
        blocks.push(`${o.format === 'markdown' ? '#### ' : ''}${title}\n\n${renderTable(rows, o.format, comparePaper)}`);
      }
    }
  }
  if (o.format === 'json' || o.format === 'csv') return { text: all.length ? renderTable(all, o.format, allPaper) : o.format === 'json' ? '[]' : '', rows: all, notes: [...notes] };
  return { text: blocks.join('\n\n'), rows: all, notes: [...notes] };
}

