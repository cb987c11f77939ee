// Loaded into each test file's process by scripts/test-order.mjs (--require): the file's top-level
// tests are collected while it loads and then registered in the order TEST_ORDER asks, `reverse` or
// `shuffle:SEED` (a seeded permutation, another one per file), so a test that needs state an earlier
// test left fails here. Hooks (before/after) are registered as they come; nested tests are untouched.
'use strict';
const nodeTest = require('node:test');

const order = process.env.TEST_ORDER ?? '';
const file = process.argv[1] ?? '';

/** mulberry32: a small seeded generator, enough to permute a few dozen tests. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function permute(items) {
  if (order === 'reverse') return [...items].reverse();
  const m = /^shuffle:(\d+)$/.exec(order);
  if (!m) throw new Error(`TEST_ORDER must be reverse or shuffle:SEED, not ${JSON.stringify(order)}`);
  const rng = generator(Number(m[1]) ^ hash(file));
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const pending = [];
let collecting = true;
const original = nodeTest.test;
function deferred(register) {
  return function (...args) {
    if (!collecting) return register.apply(this, args);
    pending.push(() => register(...args));
    return undefined;
  };
}
const test = deferred(original);
for (const k of ['skip', 'todo', 'only']) test[k] = deferred(original[k]);
for (const k of ['before', 'after', 'beforeEach', 'afterEach', 'describe', 'suite', 'run']) test[k] = original[k];
test.test = test;
test.it = test;
nodeTest.test = test;
nodeTest.it = test;

// The file's module body runs synchronously after this preload; its top-level test() calls are done
// by the time this fires.
setImmediate(() => {
  collecting = false;
  const names = permute(pending.map((register, i) => i));
  if (pending.length > 1) process.stdout.write(`# ${order}: ${pending.length} tests of ${file} in order ${names.join(',')}\n`);
  for (const i of names) pending[i]();
});
