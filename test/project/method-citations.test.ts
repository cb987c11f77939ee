/**
 * docs/method.md is cited by section from code, tests, configs and the other docs. Every citation
 * names the file by its path and a section that exists, so a reader can follow it, and a renumbered
 * or removed section fails here instead of leaving dangling references.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../helpers/paths';

const METHOD = 'docs/method.md';
const SCANNED = ['README.md', 'REPRODUCTION.md', 'src', 'test', 'scripts', 'configs', 'docs'];

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return /\.(ts|md|json|sh)$/.test(path) ? [path] : [];
  return readdirSync(path).flatMap((f) => files(join(path, f)));
}

/** Section numbers of the page's headings: "## 3. The protocol" → 3, "### 3.4 Network" → 3.4. */
function sections(text: string): Set<string> {
  return new Set([...text.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map((m) => m[1]));
}

test('docs/method.md numbers its sections 1-5 with subsections in order', () => {
  const s = [...sections(readFileSync(join(repoRoot(), METHOD), 'utf8'))];
  assert.deepEqual(s.filter((x) => !x.includes('.')), ['1', '2', '3', '4', '5']);
  for (const top of ['1', '3', '4']) {
    const subs = s.filter((x) => x.startsWith(`${top}.`)).map((x) => Number(x.split('.')[1]));
    assert.deepEqual(subs, subs.map((_, i) => i + 1), `§${top}'s subsections are numbered 1, 2, ... in order`);
  }
});

test('every citation of method.md names docs/method.md and a section it has', () => {
  const root = repoRoot();
  const have = sections(readFileSync(join(root, METHOD), 'utf8'));
  const self = relative(root, __filename).replace(/^dist\//, '').replace(/\.js$/, '.ts');
  let cited = 0;
  for (const file of SCANNED.flatMap((p) => files(join(root, p)))) {
    const name = relative(root, file);
    if (name === self) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(\S*)method\.md/g)) {
      assert.ok(m[1].endsWith('docs/') || name === METHOD, `${name}: "${m[0]}" should cite ${METHOD}, by its path`);
    }
    // "docs/method.md §3.4–§3.5", "docs/method.md` §4.1", "docs/method.md §1.6's".
    const inPage = name === METHOD ? [...text.matchAll(/§(\d+(?:\.\d+)?)/g)].map((m) => m[1]) : [];
    const outside = [...text.matchAll(/docs\/method\.md`?((?:[\s–-]*§\d+(?:\.\d+)?)+)/g)].flatMap((m) => [...m[1].matchAll(/§(\d+(?:\.\d+)?)/g)].map((x) => x[1]));
    for (const section of [...inPage, ...outside]) {
      assert.ok(have.has(section), `${name} cites ${METHOD} §${section}, which has no such section`);
      cited++;
    }
  }
  assert.ok(cited >= 15, `found ${cited} section citations; the scan lost them`);
});
