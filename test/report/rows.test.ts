/** One table printer for every command: text, Markdown, CSV (RFC 4180, read back by csv-parse) and JSON. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import seedrandom from 'seedrandom';
import { checkFormat, Column, renderRows } from '../../src/report/rows';
import { SolhError } from '../../src/errors';

interface Row { name: string; value: number }
const ROWS: Row[] = [
  { name: 'plain', value: 1.5 },
  { name: 'a, b', value: -2 },
  { name: 'say "hi"', value: 0 },
  { name: 'two\nlines', value: 1e-7 },
];
const COLUMNS: Column<Row>[] = [
  { header: 'Name', text: (r) => r.name },
  { header: 'Value, raw', text: (r) => String(r.value) },
];

test('checkFormat: the four formats, anything else one SolhError naming them', () => {
  for (const f of ['text', 'markdown', 'csv', 'json']) assert.equal(checkFormat(f), f);
  for (const bad of ['tsv', 'CSV', '']) {
    assert.throws(() => checkFormat(bad), (e: Error) => e instanceof SolhError && e.message === `unknown format "${bad}": choose one of text, markdown, csv, json`);
  }
});

test('csv: quoted exactly where RFC 4180 needs it, and csv-parse reads every cell back', () => {
  const csv = renderRows(ROWS.slice(0, 3), COLUMNS, 'csv');
  // Written out by hand: a cell with a comma, a quote or a line break is quoted, quotes doubled.
  assert.equal(csv, 'Name,"Value, raw"\nplain,1.5\n"a, b",-2\n"say ""hi""",0');
  const back = parse(renderRows(ROWS, COLUMNS, 'csv')) as string[][];
  assert.deepEqual(back, [['Name', 'Value, raw'], ...ROWS.map((r) => [r.name, String(r.value)])]);
});

test('json: the rows as given, or as the json mapping makes them; the columns play no part', () => {
  assert.deepEqual(JSON.parse(renderRows(ROWS, COLUMNS, 'json')), ROWS);
  assert.deepEqual(JSON.parse(renderRows(ROWS, [], 'json', (r) => ({ n: r.name.length }))), [{ n: 5 }, { n: 4 }, { n: 8 }, { n: 9 }]);
  assert.equal(renderRows([], COLUMNS, 'json'), '[]');
});

test('markdown: a header line, a --- line per column, one line per row', () => {
  const md = renderRows(ROWS.slice(0, 2), COLUMNS, 'markdown');
  assert.equal(md, '| Name | Value, raw |\n| --- | --- |\n| plain | 1.5 |\n| a, b | -2 |');
});

test('text: a boxed table holding every header and cell, each row on its own line between rules', () => {
  const t = renderRows(ROWS.slice(0, 2), COLUMNS, 'text');
  const lines = t.split('\n');
  // top border, header, rule, row, rule, row, bottom border
  assert.equal(lines.length, 7);
  assert.match(lines[1], /│ Name\s+│ Value, raw\s+│/);
  assert.match(lines[3], /│ plain\s+│ 1\.5\s+│/);
  assert.match(lines[5], /│ a, b\s+│ -2\s+│/);
  assert.equal(new Set(lines.map((l) => [...l].length)).size, 1, 'every line as wide as the others');
});

test('text: the same text as cli-table3 draws with its default style, on 300 random tables', () => {
  // cli-table3 (a dev dependency) is the reference the boxed renderer is held to.
  const Table = require('cli-table3') as typeof import('cli-table3');
  const rng = seedrandom('boxed');
  const pieces = ['a', 'Loss', '0.9063 ± 0.0167', 'Δ −33.7', 'τ*', 'Fβ (β = 2)', '表', '😀', 'e\u0301', ' ', '', 'x y', 'paper 0.8988'];
  const cell = () => {
    const lines = 1 + Math.floor(rng() * rng() * 3);
    return Array.from({ length: lines }, () => Array.from({ length: Math.floor(rng() * 4) }, () => pieces[Math.floor(rng() * pieces.length)]).join('')).join('\n');
  };
  for (let t = 0; t < 300; t++) {
    const columns = 1 + Math.floor(rng() * 5);
    const rows = Math.floor(rng() * 5);
    const head = Array.from({ length: columns }, cell);
    const body = Array.from({ length: rows }, () => Array.from({ length: columns }, cell));
    const reference = new Table({ head, style: { head: [], border: [] } });
    for (const r of body) reference.push(r);
    const cols: Column<string[]>[] = head.map((h, j) => ({ header: h, text: (r) => r[j] }));
    assert.equal(renderRows(body, cols, 'text'), reference.toString(), `table ${t}: ${JSON.stringify({ head, body })}`);
  }
});
