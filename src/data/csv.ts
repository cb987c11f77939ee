/**
 * Reading a CSV table with a binary label column as text cells for the feature plan (parseCells;
 * features.ts decides column kinds and turns cells into numbers). Every problem a user can cause
 * (bad path, ragged rows, text in a number column, odd labels) becomes a one-line SolhError
 * that names the line/column and says what to do, so the CLI can print it without a stack.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { parse, CsvError } from 'csv-parse/sync';
import { SolhError } from '../errors';

export interface TableOptions {
  /** Name of the label column. */
  label: string;
  /** Columns to ignore. */
  drop?: string[];
  /** If given, label = 1 where the label cell equals this string, else 0 (label may be text). */
  positive?: string;
  /** Field separator; by default guessed from the header line among comma, semicolon and tab. */
  delimiter?: string;
}

const DELIMITERS = [',', ';', '\t'];

/** The separator the header line uses most among comma, semicolon and tab (comma on a tie). */
function guessDelimiter(text: string): string {
  const header = text.replace(/^\uFEFF/, '').split('\n').find((l) => l.trim() !== '') ?? '';
  const count = (d: string) => header.split(d).length - 1;
  return DELIMITERS.reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

function showDelimiter(d: string): string {
  return d === '\t' ? 'tab' : JSON.stringify(d);
}

/**
 * The bytes of a data file, read once. Only a regular file is read: a FIFO would wait forever for
 * a writer and a device such as /dev/zero never ends, so both are refused before reading (the file
 * is opened without blocking and checked on the open descriptor, so it cannot be swapped between).
 */
export function readDataFile(path: string): Buffer {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error('a directory'), { code: 'EISDIR' });
    if (!st.isFile()) {
      const kind = st.isFIFO() ? 'a named pipe (FIFO)' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'not a regular file';
      throw new SolhError(`data file ${q(path)} is ${kind}, not a regular file: save the table to a file and pass that`);
    }
    return readFileSync(fd);
  } catch (e) {
    if (e instanceof SolhError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory'
      : code === 'EACCES' ? 'permission denied' : code === 'ELOOP' ? 'a loop of symbolic links' : (code ?? 'read error');
    throw new SolhError(`cannot read data file ${q(path)} (${why}); check the path (relative paths start at ${q(process.cwd())})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Spellings of a missing cell (compared case-insensitively after trimming); an empty cell is missing too. */
export const MISSING_SPELLINGS: readonly string[] = ['', 'NA', 'N/A', '?', 'null', 'NaN'];
const MISSING = new Set(MISSING_SPELLINGS.map((s) => s.toLowerCase()));
const LONGEST_MISSING = Math.max(...MISSING_SPELLINGS.map((s) => s.length));
const printable = (code: number) => code > 32 && code < 127;
export function isMissing(cell: string): boolean {
  // Most cells are longer than any spelling and begin and end with a printable ASCII character,
  // which trim() keeps: no copies to look them up.
  if (cell.length > LONGEST_MISSING && printable(cell.charCodeAt(0)) && printable(cell.charCodeAt(cell.length - 1))) return false;
  return MISSING.has(cell.trim().toLowerCase());
}

/** A table of text cells: the label is decoded, the features are left for the feature plan to read. */
export interface CellTable {
  featureNames: string[];
  /** One array per kept row, feature cells only, in featureNames order (trimmed). */
  cells: string[][];
  /** 1-based file line of each kept row (for messages). */
  lines: number[];
  /** 0/1 per kept row. */
  labels: Uint8Array;
  /** File lines of the rows left out because their label cell was missing. */
  missingLabelLines: number[];
  source: string;
}

export interface CellTableOptions extends TableOptions {
  /** Leave out rows whose label is missing (counted) instead of refusing the file. */
  dropMissingLabels: boolean;
}

/**
 * The table's feature cells as text (categories, numbers and missing cells are the feature plan's
 * business). Labels are never imputed: a missing label is refused, or its row left out.
 */
export function parseCells(text: string, source: string, opts: CellTableOptions): CellTable {
  const src = q(source);
  const f = parseFrame(text, src, opts);
  const { records, lines: recLines, header, labelCol, featCols, label } = f;
  const cells: string[][] = [];
  const lines: number[] = [];
  const labels: number[] = [];
  const missingLabelLines: number[] = [];
  for (let i = 1; i < records.length; i++) {
    const rec = records[i];
    const line = recLines[i];
    checkRowWidth(f, rec, line);
    const cell = rec[labelCol];
    if (isMissing(cell)) {
      if (!opts.dropMissingLabels) {
        throw new SolhError(`line ${line} of ${src}: the label ${q(label)} is missing (${cell === '' ? 'empty cell' : q(cell)}); labels are never imputed: fill it in, or set data.missing to drop-rows (or impute) to leave rows without a label out`, { setting: 'data.missing' });
      }
      missingLabelLines.push(line);
      continue;
    }
    cells.push(featCols.map((j) => rec[j]));
    lines.push(line);
    labels.push(labelOf(f, cell, line));
  }
  if (cells.length === 0) {
    throw new SolhError(`every data row of ${src} has a missing label ${q(label)}; fill in the labels`);
  }
  checkBothClasses(f, labels);
  return { featureNames: featCols.map((j) => header[j]), cells, lines, labels: Uint8Array.from(labels), missingLabelLines, source };
}

type Frame = ReturnType<typeof parseFrame>;

/** A row must have the header's width; a wrong separator shows here first. */
function checkRowWidth(f: Frame, rec: string[], line: number): void {
  if (rec.length !== f.header.length) {
    throw new SolhError(`line ${line} of ${f.src} has ${rec.length} fields but the header has ${f.header.length}; fix that row (quote fields that contain ${f.delimiter === ',' ? 'commas' : 'the separator'})${f.delimiterHint}`, { setting: 'data.delimiter' });
  }
}

/** A label cell as 0 or 1: equal to `positive` (as text or as a number: "1.0" is 1), else 0 or 1 itself. */
function labelOf(f: Frame, cell: string, line: number): 0 | 1 {
  const { positive } = f;
  if (positive !== undefined) return cell === positive || (isNumber(cell) && isNumber(positive) && Number(cell) === Number(positive)) ? 1 : 0;
  const v = isNumber(cell) ? Number(cell) : NaN;
  if (v !== 0 && v !== 1) {
    throw new SolhError(`label column ${q(f.label)} must hold 0 or 1, but line ${line} of ${f.src} has ${q(cell)}; values seen: ${distinct(f.records, f.labelCol)}; set data.positive to the value that means 1`, { setting: 'data.positive' });
  }
  return v;
}

/** A label column of one class cannot train a classifier: one error naming what was seen. */
function checkBothClasses(f: Frame, labels: ArrayLike<number>): void {
  const { records, labelCol, label, positive, src } = f;
  const n = labels.length;
  let pos = 0;
  for (let i = 0; i < n; i++) pos += labels[i];
  if (pos === 0 || pos === n) {
    const which = positive !== undefined
      ? (pos === 0 ? `no row has label ${q(positive)} (values seen: ${distinct(records, labelCol)}); check data.positive`
        : `every row has label ${q(positive)}; check data.positive`)
      : `all ${n} rows have label ${pos === 0 ? 0 : 1}; the data must contain both classes`;
    throw new SolhError(`only one class in label column ${q(label)} of ${src}: ${which}`, positive !== undefined ? { setting: 'data.positive' } : undefined);
  }
}

/** Header, label and dropped columns checked; the records with their lines (index 0 is the header). */
function parseFrame(text: string, src: string, opts: TableOptions) {
  const label = opts.label.trim();
  const positive = opts.positive?.trim();
  const norm = text.replace(/\r\n?/g, '\n');
  if (norm.replace(/^\uFEFF/, '').trim() === '') {
    throw new SolhError(`data file ${src} is empty; give a CSV file with a header row and at least one data row`);
  }
  const delimiter = opts.delimiter ?? guessDelimiter(norm);
  const { records, lines } = quoteFreeRecords(norm, delimiter) ?? csvRecords(norm, src, delimiter);
  // Offered where a wrong separator shows: one column only, or rows of another width than the header.
  const delimiterHint = `; the fields are read as separated by ${showDelimiter(delimiter)}: if the file uses another separator, set data.delimiter to it (e.g. ";", or a tab)`;
  if (records.length === 0) {
    throw new SolhError(`data file ${src} is empty; give a CSV file with a header row and at least one data row`);
  }
  const header = records[0];
  const seen = new Map<string, number>();
  header.forEach((name, j) => {
    if (name === '') throw new SolhError(`header of ${src}: column ${j + 1} has no name; give every column a name in the first line`);
    const k = seen.get(name);
    if (k !== undefined) throw new SolhError(`header of ${src}: column name ${q(name)} appears twice (columns ${k + 1} and ${j + 1}); rename one of them`);
    seen.set(name, j);
  });
  const labelCol = seen.get(label);
  if (labelCol === undefined) {
    // One column only: most likely the separator is not the one guessed, so data.delimiter is the fix.
    const oneColumn = header.length === 1;
    throw new SolhError(`label column ${q(label)} not found in ${src}; available columns: ${listCols(header)}; set data.label to one of them${oneColumn ? delimiterHint : ''}`, { setting: oneColumn ? 'data.delimiter' : 'data.label' });
  }
  const drop = new Set((opts.drop ?? []).map((d) => d.trim()));
  for (const d of drop) {
    if (!seen.has(d)) throw new SolhError(`cannot drop column ${q(d)}: ${src} has no such column; available columns: ${listCols(header)}`, { setting: 'data.drop' });
    if (d === label) throw new SolhError(`column ${q(d)} is the label and cannot also be dropped; remove it from data.drop`, { setting: 'data.drop' });
  }
  const featCols = header.map((_, j) => j).filter((j) => j !== labelCol && !drop.has(header[j]));
  if (featCols.length === 0) {
    throw new SolhError(`${src} has no feature columns left besides label ${q(label)}; drop fewer columns`, { setting: 'data.drop' });
  }
  if (records.length === 1) {
    throw new SolhError(`${src} has a header but no data rows; add data rows below the header`);
  }
  return { src, records, lines, header, labelCol, featCols, label, positive, delimiter, delimiterHint };
}

/** A table's records (trimmed cells, index 0 the header) and each record's 1-based starting line. */
interface Records {
  records: string[][];
  lines: number[];
}

/**
 * The records of text with no quote character, split at line breaks ("\n" only: parseFrame has
 * normalised them) and at a one-character separator that is not whitespace, as csv-parse reads
 * such text with csvRecords' options: a leading BOM dropped, lines of whitespace skipped, cells
 * trimmed of the same whitespace (csv-parse's list of trimmable characters is JavaScript's), in
 * well-formed text.
 * A property test holds the two equal. csv-parse reads a few megabytes a second, and its first
 * call in a process compiles its parser: ~0.1 s of every run's start for the paper's 145 KB.
 * Undefined for any other text.
 */
export function quoteFreeRecords(text: string, delimiter: string): Records | undefined {
  // A lone surrogate (\p{Cs} in a unicode regex), in the text or as the separator, csv-parse reads as U+FFFD.
  if (delimiter.length !== 1 || delimiter === '"' || delimiter.trim() === '' || text.includes('"') || /\p{Cs}/u.test(delimiter + text)) return undefined;
  const records: string[][] = [];
  const lines: number[] = [];
  const rows = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n');
  for (let i = 0; i < rows.length; i++) {
    if (rows[i].trim() === '') continue;
    const cells = rows[i].split(delimiter);
    for (let j = 0; j < cells.length; j++) cells[j] = cells[j].trim();
    records.push(cells);
    lines.push(i + 1);
  }
  return { records, lines };
}

/** Runs csv-parse, keeping each record's 1-based starting line; its errors become SolhErrors. */
export function csvRecords(text: string, src: string, delimiter: string): Records {
  const lines: number[] = [];
  try {
    const records = parse(text, {
      bom: true, trim: true, delimiter, skip_empty_lines: true, relax_column_count: true,
      on_record: (rec: string[], ctx) => {
        // ctx.lines is the line where the record ends; subtract newlines inside quoted fields.
        let inner = 0;
        for (const f of rec) for (let at = f.indexOf('\n'); at >= 0; at = f.indexOf('\n', at + 1)) inner++;
        lines.push(ctx.lines - inner);
        return rec;
      },
    });
    // Trim cells ourselves too: csv-parse's trim leaves spaces inside quotes.
    return { records: records.map((r) => r.map((c) => c.trim())), lines };
  } catch (e) {
    if (!(e instanceof CsvError)) throw e; // anything else is a bug, not bad data
    let line = typeof e.lines === 'number' ? e.lines : (lines[lines.length - 1] ?? 0) + 1;
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      // csv-parse reports the end of the file; point at the first line after the last good record.
      const all = text.split('\n');
      line = (lines[lines.length - 1] ?? 0) + 1;
      while (line < all.length && all[line - 1].trim() === '') line++;
    }
    const reason = e.message.replace(/\s+/g, ' ').slice(0, 120);
    throw new SolhError(`line ${line} of ${src}: cannot parse CSV (${reason}); check the quotes on that line (a field with commas or quotes must be wrapped in "..." with inner quotes doubled)`);
  }
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
function isNumber(s: string): boolean { return NUMBER.test(s); }

/** What a (non-missing) feature cell reads as: a finite number, a number too large or infinite, or text. */
export function cellKind(cell: string): 'number' | 'non-finite' | 'text' {
  if (/^[+-]?(inf|infinity)$/i.test(cell)) return 'non-finite';
  if (!isNumber(cell)) return 'text';
  return Number.isFinite(Number(cell)) ? 'number' : 'non-finite';
}

/** Quoted, shortened, one-line rendering of a user string. */
export function q(s: string): string {
  return JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s);
}

export function listCols(header: string[]): string {
  const shown = header.slice(0, 30).map(q).join(', ');
  return header.length > 30 ? `${shown}, … (${header.length - 30} more)` : shown;
}

/** Up to 10 distinct values of one column, in order of first appearance. */
function distinct(records: string[][], col: number): string {
  const vals = new Set<string>();
  let more = false;
  for (let i = 1; i < records.length; i++) {
    const v = records[i][col];
    if (v === undefined || vals.has(v)) continue;
    if (vals.size === 10) { more = true; break; }
    vals.add(v);
  }
  return [...vals].map(q).join(', ') + (more ? ', …' : '');
}
