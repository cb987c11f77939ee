/**
 * The library in a browser: bundled by build.mjs for the browser (platform 'browser': a build that
 * reaches a Node built-in fails), loaded with TF.js's own script into Debian's headless Chromium
 * from files, it trains a small model with scoreLoss and scoreCallback on TF.js's cpu and webgl
 * backends (webgl falls back where the headless browser has none: the test says which ran). The
 * trained weights and the data come back to Node, which computes the forward pass in float64 by
 * hand and the F1 with the library's averagedScore: it equals the page's dataset_f1 exactly.
 * Skipped where /usr/bin/chromium is not installed (.ci/run installs it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, Browser } from 'playwright-core';
import { averagedScore, parseScore } from 'solh-losses';
import { repoRoot, tempDir } from '../../../test/helpers/paths';

const CHROMIUM = '/usr/bin/chromium';
// No --disable-gpu: WebGL then runs on SwiftShader where there is no GPU.
const ARGS = ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const lib = join(repoRoot(), 'packages', 'losses');
const bundle = join(lib, 'dist', 'solh-losses.browser.js');
const tfScript = join(repoRoot(), 'node_modules', '@tensorflow', 'tfjs', 'dist', 'tf.min.js');

test('browser bundle: built for platform browser; an entry that reaches a Node built-in does not build', () => {
  assert.ok(statSync(bundle).size > 10_000, 'dist/solh-losses.browser.js');
  const dir = tempDir('solh-browser-build-');
  for (const [name, source, ok] of [
    ['library.ts', `export * from '${join(lib, 'src', 'index')}';`, true],
    ['fs.ts', `import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\nexport * from '${join(lib, 'src', 'index')}';`, false],
    ['path.ts', `import { join } from 'path';\nexport const j = join;`, false],
  ] as const) {
    writeFileSync(join(dir, name), source);
    const r = spawnSync(process.execPath, ['build.mjs', '--browser', join(dir, name), join(dir, `${name}.js`)], { cwd: lib, encoding: 'utf8' });
    assert.equal(r.status === 0, ok, `${name}: ${r.stderr.slice(0, 400)}`);
    if (!ok) assert.match(r.stderr, /Could not resolve "(node:fs|path)"/);
  }
});

/** Seeded data: 2 features, a noisy linear rule, about 35 % positives. */
function data(n: number, seed: number): { x: number[][]; y: number[] } {
  let s = seed;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = [rand() * 2 - 1, rand() * 2 - 1, rand() * 2 - 1];
    x.push(r);
    y.push(r[0] + 0.7 * r[1] - 0.3 * r[2] + 0.5 * (rand() - 0.5) > 0.35 ? 1 : 0);
  }
  return { x, y };
}

interface PageRun {
  asked: string;
  backend: string;
  weights: { shape: number[]; values: number[] }[];
  f1: number[];
  mcc: number[];
  loss: number[];
  p: number[];
}

/** In the page: a 3-8-1 MLP trained for F1 with model.fit, scoreLoss and scoreCallback. */
async function trainInPage(browser: Browser, page: string, backend: string, train: ReturnType<typeof data>, val: ReturnType<typeof data>, problems: string[]): Promise<PageRun> {
  const p = await browser.newPage();
  p.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${backend} console: ${m.text()}`);
  });
  p.on('pageerror', (e) => problems.push(`${backend} page error: ${e.message}`));
  await p.goto(page);
  const run = await p.evaluate(async ({ backend, train, val }) => {
    const w = window as unknown as { tf: typeof import('@tensorflow/tfjs'); solhLosses: typeof import('solh-losses') };
    const { tf, solhLosses: L } = w;
    await tf.setBackend(backend).catch(() => false);
    await tf.ready();
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [3], units: 8, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
        tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.05), loss: L.scoreLoss('solh:uniform', 'f1') });
    const xv = tf.tensor2d(val.x);
    const yv = tf.tensor2d(val.y, [val.y.length, 1]);
    const h = await model.fit(tf.tensor2d(train.x), tf.tensor2d(train.y, [train.y.length, 1]), {
      epochs: 6, batchSize: 32, shuffle: false, verbose: 0,
      callbacks: [L.scoreCallback({ validationData: [xv, yv], scores: ['f1', 'mcc'] })],
    });
    const hist = h.history as Record<string, number[]>;
    return {
      asked: backend,
      backend: tf.getBackend(),
      weights: model.getWeights().map((t) => ({ shape: t.shape, values: Array.from(t.dataSync()) })),
      f1: hist.dataset_f1, mcc: hist.dataset_mcc, loss: hist.loss,
      p: Array.from((model.predict(xv) as import('@tensorflow/tfjs').Tensor).dataSync()),
    };
  }, { backend, train, val });
  await p.close();
  return run;
}

/** The MLP's outputs in float64, from the page's weights: relu(x W1 + b1) W2 + b2, then the sigmoid. */
function forward(weights: PageRun['weights'], x: number[][]): number[] {
  const [w1, b1, w2, b2] = weights;
  const hidden = w1.shape[1];
  return x.map((row) => {
    let z = b2.values[0];
    for (let j = 0; j < hidden; j++) {
      let a = b1.values[j];
      for (let k = 0; k < row.length; k++) a += row[k] * w1.values[k * hidden + j];
      z += Math.max(0, a) * w2.values[j];
    }
    return 1 / (1 + Math.exp(-z));
  });
}

test('in Chromium: scoreLoss trains on the cpu and webgl backends, and dataset_f1 equals the F1 Node computes from the weights', { timeout: 180_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(`${CHROMIUM} is not installed (apt-get install chromium)`);
    return;
  }
  const dir = tempDir('solh-browser-');
  const page = join(dir, 'page.html');
  writeFileSync(page, `<!doctype html><meta charset="utf-8"><title>solh-losses</title>
<script src="${pathToFileURL(tfScript).href}"></script>
<script src="${pathToFileURL(bundle).href}"></script>`);
  const train = data(256, 11);
  const val = data(200, 12);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const problems: string[] = [];
  const ran: string[] = [];
  try {
    for (const backend of ['cpu', 'webgl']) {
      const r = await trainInPage(browser, pathToFileURL(page).href, backend, train, val, problems);
      ran.push(`${r.asked} → ${r.backend}`);
      if (backend === 'cpu') assert.equal(r.backend, 'cpu');
      assert.equal(r.f1.length, 6);
      assert.ok(r.loss[5] < r.loss[0], `${r.backend}: F1 loss ${r.loss[0]} -> ${r.loss[5]}`);
      // The page's predictions, scored in Node by the same function, give the page's numbers.
      const f1 = parseScore('f1');
      assert.equal(averagedScore(f1, val.y, r.p, 1, 'macro'), r.f1[5], `${r.backend}: F1 of the page's predictions`);
      assert.equal(averagedScore(parseScore('mcc'), val.y, r.p, 1, 'macro'), r.mcc[5], `${r.backend}: MCC of the page's predictions`);
      // Independently: the forward pass in float64 from the trained weights.
      const p64 = forward(r.weights, val.x);
      const gap = Math.max(...p64.map((v, i) => Math.abs(v - r.p[i])));
      assert.ok(gap < 1e-5, `${r.backend}: float64 forward pass within ${gap} of the page's`);
      assert.equal(averagedScore(f1, val.y, p64, 1, 'macro'), r.f1[5], `${r.backend}: dataset_f1 = F1 computed in Node`);
      assert.ok(r.f1[5] > 0.6, `${r.backend}: F1 ${r.f1[5]}`);
      t.diagnostic(`${r.asked} → ${r.backend}: dataset_f1 ${r.f1.map((v) => v.toFixed(4)).join(' ')}; max |Δp| vs float64 ${gap.toExponential(1)}`);
    }
  } finally {
    await browser.close();
  }
  t.diagnostic(`backends that ran: ${ran.join(', ')}`);
  assert.deepEqual(problems, []);
});

test('docs/explorer.html is what scripts/build-explorer.mjs writes from the current sources', () => {
  const out = join(tempDir('solh-explorer-'), 'explorer.html');
  const r = spawnSync(process.execPath, [join(repoRoot(), 'scripts', 'build-explorer.mjs'), out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(readFileSync(out).equals(readFileSync(join(repoRoot(), 'docs', 'explorer.html'))), 'docs/explorer.html is stale: run node scripts/build-explorer.mjs');
});

test('docs/explorer.html opens from a file in Chromium, draws E(p) and dE/dp, and trains a few epochs with exact scores, without errors', { timeout: 180_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(`${CHROMIUM} is not installed (apt-get install chromium)`);
    return;
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const problems: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1010, height: 640 } });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) problems.push(`request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(join(repoRoot(), 'docs', 'explorer.html')).href);
    await page.waitForSelector('#status[data-state="ready"]', { timeout: 60_000 });
    const curves = async () => page.$$eval('#curve path.line', (ps) => ps.map((p) => ({ cls: p.getAttribute('class'), d: p.getAttribute('d') ?? '' })));
    const first = await curves();
    assert.deepEqual(first.map((c) => c.cls), ['line e', 'line de']);
    for (const c of first) assert.equal((c.d.match(/[ML]/g) ?? []).length, 201, `${c.cls}: 201 points`);
    assert.match(await page.textContent('#curvemsg') ?? '', /^solh:uniform: E\(0\.5\) = 0\.5000/);
    // Another distribution and step redraw the curves.
    await page.selectOption('#dist', 'beta');
    await page.selectOption('#family', 'sigmoid');
    assert.match(await page.textContent('#curvemsg') ?? '', /^sigmoid\(10\):beta\(2,5\): E\(0\.5\) = /);
    assert.notEqual((await curves())[0].d, first[0].d);
    // A bad parameter is the library's one-line message, not a broken page.
    await page.fill('#d0', '-1');
    assert.match(await page.textContent('#curvemsg') ?? '', /beta/);
    await page.selectOption('#dist', 'cosine');
    await page.selectOption('#family', 'solh');
    await page.selectOption('#score', 'mcc');
    await page.fill('#epochs', '3');
    await page.click('#train');
    await page.waitForSelector('#status[data-state="done"], #status[data-state="error"]', { timeout: 120_000 });
    assert.match(await page.textContent('#status') ?? '', /^epoch 3\/3 on 538 training rows, scored on 230 test rows \(cpu/);
    const rows = await page.$$eval('#last tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
    assert.deepEqual(rows.map((r) => r[0]), ['solh:cosine(0.5,0.3)', 'bce']);
    for (const r of rows) for (const v of [r[1], r[3]]) assert.ok(Number(v) > 0 && Number(v) <= 1, `score ${v}`);
    const lines = await page.$$eval('#scores path.line', (ps) => ps.map((p) => (p.getAttribute('d')?.match(/[ML]/g) ?? []).length));
    assert.deepEqual(lines, [3, 3], 'one point per epoch for each loss');
  } finally {
    await browser.close();
  }
  assert.deepEqual(problems, []);
});
