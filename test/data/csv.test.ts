import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { actgPath, loadNumeric, readNumeric, tempFile, throwsSolh } from '../helpers/data';

const opts = { label: 'y' };

test('ACTG 175: checksum, 2139 rows, 23 features, 521 positives', () => {
  const path = actgPath();
  const sha = createHash('sha256').update(readFileSync(path)).digest('hex');
  assert.equal(sha, 'efa9781d9c06a7a105085219986a66ed8df44761a82306529e099e387f8c7d33');
  const t = loadNumeric(path, { label: 'cid' });
  assert.equal(t.rows.length, 2139);
  assert.equal(t.labels.length, 2139);
  assert.equal(t.featureNames.length, 23);
  assert.ok(!t.featureNames.includes('cid'));
  assert.equal(t.featureNames[0], 'time');
  assert.equal(t.labels.reduce((s, v) => s + v, 0), 521);
  assert.ok(t.rows.every((r) => r.length === 23 && r.every(Number.isFinite)));
  assert.deepEqual(Array.from(t.rows[0].slice(0, 4)), [948, 2, 48, 89.8128]);
  assert.equal(t.source, path);
});

test('drop removes columns from the features', () => {
  const t = loadNumeric(actgPath(), { label: 'cid', drop: ['time', 'treat'] });
  assert.equal(t.featureNames.length, 21);
  assert.ok(!t.featureNames.includes('time') && !t.featureNames.includes('treat'));
});

test('parses a small table: trims, CRLF, BOM, quotes, blank lines, label in the middle', () => {
  const t = readNumeric('\uFEFF a , y ,b\r\n 1.5 ,0, "2"\r\n\r\n-3e2,1,.25\r\n', 's', opts);
  assert.deepEqual(t.featureNames, ['a', 'b']);
  assert.deepEqual(t.rows.map((r) => Array.from(r)), [[1.5, 2], [-300, 0.25]]);
  assert.deepEqual(Array.from(t.labels), [0, 1]);
  assert.equal(t.source, 's');
});

test('missing file: names the path', () => {
  throwsSolh(() => loadNumeric('/nonexistent/dir/nope.csv', opts), /"\/nonexistent\/dir\/nope\.csv"/, /no such file/, /check the path/);
});

test('unreadable path (a directory): names the path', () => {
  const dir = dirname(tempFile('x.csv', 'a,y\n1,0\n'));
  throwsSolh(() => loadNumeric(dir, opts), new RegExp(JSON.stringify(dir).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')), /directory/);
});

test('empty file', () => {
  throwsSolh(() => loadNumeric(tempFile('empty.csv', ''), opts), /empty/, /header row/);
  throwsSolh(() => readNumeric(' \n\r\n  \n', 'blank', opts), /"blank" is empty/);
});

test('header only: no data rows', () => {
  throwsSolh(() => loadNumeric(tempFile('h.csv', 'a,b,y\n'), opts), /header but no data rows/);
  throwsSolh(() => readNumeric('a,b,y\n\n\n', 'h', opts), /no data rows/);
});

test('wrong number of fields: names the line, expected and found counts', () => {
  throwsSolh(() => readNumeric('a,b,y\n1,2,0\n1,2\n3,4,1\n', 'f', opts), /line 3 /, /has 2 fields/, /header has 3/);
  throwsSolh(() => readNumeric('a,b,y\n1,2,0\n3,4,1\n\n1,2,3,4\n', 'f', opts), /line 5 /, /has 4 fields/, /header has 3/);
});

test('unbalanced or misplaced quotes: csv-parse errors become SolhError with the line', () => {
  throwsSolh(() => readNumeric('a,b,y\n1,2,0\n"1,2,1\n3,4,0\n', 'q', opts), /line 3 /, /cannot parse CSV/, /quote/i);
  throwsSolh(() => readNumeric('a,b,y\r\n1,2,0\r\n3,4,1\r\n1,"2,1\r\n3,4,0\r\n', 'q', opts), /line 4 /);
  throwsSolh(() => readNumeric('a,b,y\n1,2,0\n1,2"x,1\n', 'q', opts), /line 3 /, /cannot parse CSV/);
  throwsSolh(() => readNumeric('a,b,y\n1,2,0\n1,"2" x,1\n', 'q', opts), /line 3 /);
});

test('empty cell in a feature column: names line and column', () => {
  throwsSolh(() => readNumeric('a,b,y\n1,2,0\n3,,1\n', 'e', opts), /line 3 /, /column "b" \(column 2\)/, /empty cell/, /adding "b" to data\.drop/);
  throwsSolh(() => readNumeric('a,b,y\n1,2,0\n3,  ,1\n', 'e', opts), /line 3 /, /empty cell/);
});

test('text value in a feature column: names line, column and value', () => {
  throwsSolh(() => readNumeric('a,b,y\n1,2,0\n3,4,1\nabc,4,1\n', 't', opts), /line 4 /, /column "a" \(column 1\)/, /"abc" is not a number/);
  throwsSolh(() => readNumeric('a,b,y\n0x10,2,0\n1,2,1\n', 't', opts), /line 2 /, /"0x10" is not a number/);
  throwsSolh(() => readNumeric('a,b,y\n1,"1,5",0\n1,2,1\n', 't', opts), /line 2 /, /"1,5" is not a number/);
});

test('NaN and Infinity in a feature column: names line and column', () => {
  for (const bad of ['Infinity', '-Infinity', 'inf', '+INF']) {
    throwsSolh(() => readNumeric(`a,b,y\n1,2,0\n3,${bad},1\n`, 'n', opts), /line 3 /, /column "b" \(column 2\)/, /not a finite number/);
  }
  // NaN is a spelling of a missing cell: refused as missing under the default `missing: error`.
  for (const bad of ['NaN', 'nan']) {
    throwsSolh(() => readNumeric(`a,b,y\n1,2,0\n3,${bad},1\n`, 'n', opts), /line 3 /, /column "b" \(column 2\)/, /missing value/, /set data\.missing to impute/);
  }
  throwsSolh(() => readNumeric('a,b,y\n1,2,0\n3,1e999,1\n', 'n', opts), /line 3 /, /column "b"/, /too large/);
});

test('label column missing: lists the columns and names the setting data.label (the CLI adds its flag)', () => {
  const e = throwsSolh(() => readNumeric('a,b,c\n1,2,0\n', 'l', { label: 'cid' }), /label column "cid" not found/, /"a", "b", "c"/, /set data\.label to one of them$/);
  assert.equal(e.setting, 'data.label');
  assert.doesNotMatch(e.message, /--/, 'the data layer names no CLI flag');
  // One column only: the separator is the likely fix, and the setting is data.delimiter.
  const one = throwsSolh(() => readNumeric('a;b;y\n1;2;0\n', 'l', { label: 'y', delimiter: ',' }), /available columns: "a;b;y"/, /set data\.label to one of them; .*set data\.delimiter to it/);
  assert.equal(one.setting, 'data.delimiter');
});

test('label values other than 0/1: lists values seen and suggests data.positive', () => {
  const e = throwsSolh(() => readNumeric('a,y\n1,no\n2,yes\n3,no\n4,maybe\n', 'v', opts),
    /line 2 /, /"no", "yes", "maybe"/, /set data\.positive to the value that means 1/);
  assert.equal(e.setting, 'data.positive');
  assert.ok(!/"no".*"no"/.test(e.message.split('values seen:')[1]), 'distinct values only');
  throwsSolh(() => readNumeric('a,y\n1,0\n2,1\n3,2\n', 'v', opts), /line 4 /, /"0", "1", "2"/, /data\.positive/);
  throwsSolh(() => readNumeric('a,y\n1,0\n2,\n', 'v', opts), /line 3 /, /label "y" is missing \(empty cell\)/, /never imputed/);
  // At most 10 distinct values are listed.
  const many = 'a,y\n' + Array.from({ length: 15 }, (_, i) => `${i},v${i}`).join('\n');
  const m = throwsSolh(() => readNumeric(many, 'v', opts), /"v0"/, /"v9"/);
  assert.ok(!m.message.includes('"v10"'));
});

test('--positive maps a text label column', () => {
  const t = readNumeric('a,status\n1, dead \n2,alive\n3,dead\n4,unknown\n', 'p', { label: 'status', positive: 'dead' });
  assert.deepEqual(Array.from(t.labels), [1, 0, 1, 0]);
  assert.deepEqual(t.featureNames, ['a']);
  // With positive, numeric labels are matched as strings too.
  const u = readNumeric('a,y\n1,2\n2,1\n3,2\n', 'p', { label: 'y', positive: '2' });
  assert.deepEqual(Array.from(u.labels), [1, 0, 1]);
});

test('only one class present', () => {
  throwsSolh(() => readNumeric('a,y\n1,0\n2,0\n', 'o', opts), /only one class/, /all 2 rows have label 0/, /both classes/);
  throwsSolh(() => readNumeric('a,y\n1,1\n', 'o', opts), /only one class/, /label 1/);
  throwsSolh(() => readNumeric('a,s\n1,alive\n2,alive\n', 'o', { label: 's', positive: 'dead' }),
    /only one class/, /no row has label "dead"/, /"alive"/, /check data\.positive$/);
});

test('drop names a missing column: lists the columns', () => {
  throwsSolh(() => readNumeric('a,b,y\n1,2,0\n3,4,1\n', 'd', { label: 'y', drop: ['c'] }), /cannot drop column "c"/, /"a", "b", "y"/);
  throwsSolh(() => readNumeric('a,b,y\n1,2,0\n3,4,1\n', 'd', { label: 'y', drop: ['y'] }), /is the label/);
  throwsSolh(() => readNumeric('a,y\n1,0\n3,1\n', 'd', { label: 'y', drop: ['a'] }), /no feature columns/);
});

test('duplicate column names in the header', () => {
  throwsSolh(() => readNumeric('a,b,a,y\n1,2,3,0\n', 'dup', opts), /"a" appears twice/, /columns 1 and 3/, /rename/);
  throwsSolh(() => readNumeric('a, b ,b,y\n1,2,3,0\n', 'dup', opts), /"b" appears twice/);
  throwsSolh(() => readNumeric('a,,y\n1,2,0\n', 'dup', opts), /column 2 has no name/);
});

test('line numbers count blank lines and multi-line quoted fields', () => {
  throwsSolh(() => readNumeric('a,y\n1,0\n\n\n2,x\n', 'ln', opts), /line 5 /);
  throwsSolh(() => readNumeric('a,b,y\n1,"two\nlines",0\n2,3,1\n', 'ln', opts), /line 2 /, /column "b"/);
  throwsSolh(() => readNumeric('a,b,y\n1,"two\nlines",0\n3,4,1\n5,6\n', 'ln', { label: 'y', drop: ['b'] }), /line 5 /, /has 2 fields/);
  throwsSolh(() => readNumeric('a,b,y\n1,"two\nlines",0\nx,4,1\n', 'ln', { label: 'y', drop: ['b'] }), /line 4 /, /"x"/);
});
