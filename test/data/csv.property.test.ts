/**
 * Property tests: whatever text the live loader (parseCells, then the feature plan, as readNumeric
 * in helpers.ts) is fed, it returns a well-formed table or throws a one-line SolhError — never
 * another error type, never NaN. The reader of quote-free text gives csv-parse's records and lines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readNumeric } from '../helpers/data';
import { SolhError } from '../../src/errors';
import { csvRecords, isMissing, MISSING_SPELLINGS, quoteFreeRecords } from '../../src/data/csv';

const RUNS = 1000;

type Table = ReturnType<typeof readNumeric>;

function checkTable(t: Table): void {
  assert.equal(t.rows.length, t.labels.length);
  assert.ok(t.featureNames.length > 0);
  for (const r of t.rows) {
    assert.equal(r.length, t.featureNames.length);
    assert.ok(r.every(Number.isFinite));
  }
  assert.ok(t.labels.every((v) => v === 0 || v === 1));
  assert.ok(t.labels.includes(0) && t.labels.includes(1));
}

/** Table or one-line SolhError; anything else fails the property. */
function tableOrSolh(text: string, opts: { label: string; positive?: string }): void {
  let t: Table;
  try {
    t = readNumeric(text, 'fuzz', opts);
  } catch (e) {
    if (!(e instanceof SolhError)) throw e;
    assert.ok(!e.message.includes('\n'));
    return;
  }
  checkTable(t);
}

const header = fc.constantFrom('', 'a,b,y\n', 'a,y\n', 'y,a\r\n', '"a",b,"y"\n');
const opts = fc.record({ label: fc.constant('y'), positive: fc.option(fc.constantFrom('1', 'x', ''), { nil: undefined }) });

test(`(a1) random bytes → Table or SolhError (${RUNS} runs)`, () => {
  fc.assert(fc.property(header, fc.uint8Array({ maxLength: 300 }), fc.boolean(), opts, (h, bytes, latin1, o) => {
    tableOrSolh(h + Buffer.from(bytes).toString(latin1 ? 'latin1' : 'utf8'), o);
  }), { numRuns: RUNS });
});

test(`(a2) random strings of CSV-ish characters → Table or SolhError (${RUNS} runs)`, () => {
  const unit = fc.constantFrom(',', ',', '"', '\n', '\n', '\r', ' ', '\t', '0', '1', '1', '0', '2', '.', 'e', '-', '+', 'y', 'a', 'N', 'I', 'n', 'f', '\uFEFF');
  fc.assert(fc.property(header, fc.string({ unit, maxLength: 120 }), opts, (h, s, o) => tableOrSolh(h + s, o)), { numRuns: RUNS });
});

// (b) structured rows around a valid header, with an oracle for the outcome.
type Cell = { text: string; ok: boolean; value: number };
const pad = (s: string) => fc.tuple(fc.constantFrom('', ' ', '  ', '\t'), fc.constantFrom('', ' '), fc.boolean())
  .map(([l, r, quote]) => (quote ? `${l}"${s}"${r}` : `${l}${s}${r}`));
const numText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.constantFrom('1.', '.5', '+3', '-0', '1E5', '007', '2.5e-3'),
);
const goodCell = numText.chain((s) => pad(s).map((text): Cell => ({ text, ok: true, value: Number(s) })));
const csvQuote = (s: string) => `"${s.replace(/"/g, '""')}"`;
const badCell: fc.Arbitrary<Cell> = fc.oneof(
  fc.constantFrom('', '  ', 'NaN', 'Infinity', '-Infinity', 'inf', '1e999', '0x10', '1 2', 'abc', '"1,5"', '""'),
  fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', ' ', '1'), maxLength: 8 }).map((s) => csvQuote('x' + s)),
).map((text) => ({ text, ok: false, value: NaN }));
const labelCell: fc.Arbitrary<Cell> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('0', '1', ' 1 ', '"0"', '1.0', '0e0').map((text): Cell => ({ text, ok: true, value: Number(text.replace(/"/g, '')) })) },
  { weight: 1, arbitrary: fc.constantFrom('2', 'yes', '', '-1', 'NaN', '"1,0"').map((text): Cell => ({ text, ok: false, value: NaN })) },
);
const row = (nFeat: number) => fc.record({
  feats: fc.array(fc.oneof({ weight: 12, arbitrary: goodCell }, { weight: 1, arbitrary: badCell }), { minLength: nFeat, maxLength: nFeat }),
  label: labelCell,
  dropped: fc.oneof(goodCell, badCell), // anything goes in a dropped column
  ragged: fc.oneof({ weight: 25, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(-1, 1) }),
});
const scenario = fc.integer({ min: 1, max: 4 }).chain((nFeat) => fc.record({
  nFeat: fc.constant(nFeat),
  labelAt: fc.integer({ min: 0, max: nFeat }),
  withDrop: fc.boolean(),
  rows: fc.array(row(nFeat), { maxLength: 8 }),
}));

test(`(b) random cells around a valid header: exact values when valid, else SolhError on the right line (${RUNS} runs)`, () => {
  fc.assert(fc.property(scenario, (sc) => {
    const names = Array.from({ length: sc.nFeat }, (_, j) => `f${j}`);
    const cols = [...names];
    cols.splice(sc.labelAt, 0, 'y');
    if (sc.withDrop) cols.push('junk');
    const lines = [cols.join(',')];
    let lineNo = 2;
    // The live loader reads every row's width and label first, then checks both classes are there,
    // then reads the feature cells row by row: the first failure in that order is the one reported.
    let firstBadRow = 0; // line of the first row of the wrong width or with a bad label
    let firstBadCell = 0; // line of the first row with a bad feature cell
    const kept: typeof sc.rows = []; // rows that are not blank lines (the loader skips those)
    for (const r of sc.rows) {
      const cells = r.feats.map((c) => c.text);
      cells.splice(sc.labelAt, 0, r.label.text);
      if (sc.withDrop) cells.push(r.dropped.text);
      if (r.ragged === 1) cells.push('0');
      if (r.ragged === -1) cells.pop();
      const text = cells.join(',');
      lines.push(text);
      if (text.trim() === '') {
        lineNo++;
        continue;
      }
      kept.push(r);
      if ((r.ragged !== 0 || !r.label.ok) && firstBadRow === 0) firstBadRow = lineNo;
      if (r.feats.some((c) => !c.ok) && firstBadCell === 0) firstBadCell = lineNo;
      lineNo += 1 + (text.match(/\n/g)?.length ?? 0);
    }
    const text = lines.join('\n') + '\n';
    const o = { label: 'y', drop: sc.withDrop ? ['junk'] : [] };
    const labels = kept.map((r) => r.label.value);
    const onLine = (n: number) => (e: unknown) => e instanceof SolhError && e.message.includes(`line ${n} `);
    if (kept.length === 0) {
      assert.throws(() => readNumeric(text, 'b', o), (e: unknown) => e instanceof SolhError && /no data rows/.test(e.message));
    } else if (firstBadRow) {
      assert.throws(() => readNumeric(text, 'b', o), onLine(firstBadRow));
    } else if (!labels.includes(0) || !labels.includes(1)) {
      assert.throws(() => readNumeric(text, 'b', o), (e: unknown) => e instanceof SolhError && /only one class/.test(e.message));
    } else if (firstBadCell) {
      assert.throws(() => readNumeric(text, 'b', o), onLine(firstBadCell));
    } else {
      const t = readNumeric(text, 'b', o);
      assert.deepEqual(t.featureNames, names);
      assert.deepEqual(t.rows.map((r) => Array.from(r)), kept.map((r) => r.feats.map((c) => c.value)));
      assert.deepEqual(Array.from(t.labels), labels);
    }
  }), { numRuns: RUNS });
});

test('isMissing: a missing spelling after trim() and lower-casing, for any cell (its shortcut for long cells changes no answer)', () => {
  const spellings = new Set(MISSING_SPELLINGS.map((s) => s.toLowerCase()));
  const pieces = ['', 'na', 'NA', 'n/a', 'N/A', '?', 'null', 'NULL', 'NaN', 'nan', ' ', '\t', '\u00a0', '\u2003', '\n', 'x', '1', '-2.5', 'é'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 5 }), (parts) => {
      const cell = parts.join('');
      assert.equal(isMissing(cell), spellings.has(cell.trim().toLowerCase()), JSON.stringify(cell));
    }),
    { numRuns: 2000 },
  );
});

test('quote-free text: quoteFreeRecords gives the records and lines csv-parse gives (csvRecords)', () => {
  // Separators, line breaks, every kind of whitespace csv-parse and trim() know (and some they do
  // not), a BOM anywhere, astral and lone surrogates, NUL, and the separators of the other runs.
  const chars = ['a', 'B', '1', '.', '-', 'é', '😀', '\ud800', '\u0000', ',', ';', '|', '\n', '\n', ' ', ' ', '\t', '\u000b', '\u000c', '\u00a0', '\u1680', '\u2007', '\u2028', '\u2029', '\u202f', '\u3000', '\ufeff', '\u200b', '\u0085'];
  let compared = 0;
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 80 }), fc.constantFrom(',', ';', '|'), (parts, delimiter) => {
      const text = parts.join('');
      const fast = quoteFreeRecords(text, delimiter);
      if (text.includes('\ud800')) {
        assert.equal(fast, undefined, 'a lone surrogate: csv-parse reads it');
        return;
      }
      assert.ok(fast, 'the text has no quote');
      assert.deepEqual(fast, csvRecords(text, 'fuzz', delimiter));
      compared++;
    }),
    { numRuns: 3000, seed: 23 },
  );
  console.log(`quote-free texts compared with csv-parse: ${compared}`);
  assert.ok(compared > 1000, `${compared} texts compared`);
  assert.equal(quoteFreeRecords('a,"b"\n', ','), undefined, 'a quote anywhere: csv-parse reads it');
  assert.equal(quoteFreeRecords('a\tb\n', '\t'), undefined, 'a whitespace separator: csv-parse reads it');
  assert.equal(quoteFreeRecords('x😀y,1\n', '\ud83d'), undefined, 'a lone surrogate as the separator: csv-parse reads it (as U+FFFD)');
  assert.deepEqual(quoteFreeRecords('\ufeffx , y\n\n  \n1,2', ','), { records: [['x', 'y'], ['1', '2']], lines: [1, 4] });
});
