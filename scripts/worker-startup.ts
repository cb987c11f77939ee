/**
 * Benchmark: how long a grid worker takes to start (thread, modules, backend) until it says it is
 * ready, how much resident memory it adds to the process, and which modules under @tensorflow it
 * loaded. It is given no E(p) table to build (its share is empty), so only the start is timed.
 * Each start is a fresh process, repeated; `--root DIR` measures another built solh checkout
 * (its dist/ and configs/) with the same probe, for a before/after on one machine.
 *
 *   npm run build && node dist/scripts/worker-startup.js [--repeats 3] [--kernel fused|tfjs] [--root DIR]
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { arg, median } from './cli-args';
import { packageRoot } from '../src/experiment/package-info';

/** One start, in a fresh process: prints { ms, rssMiB, tensorflow } as JSON. */
const probe = (root: string, kernel: string) => `
const { Worker } = require('node:worker_threads');
const { join } = require('node:path');
const root = ${JSON.stringify(root)};
process.chdir(root);
const config = require(join(root, 'dist/src/experiment/config.js'));
const { readDataSource } = require(join(root, 'dist/src/experiment/prepare.js'));
const c = config.loadConfig(join(root, 'configs/paper.json'));
c.training.kernel = ${JSON.stringify(kernel)};
const src = readDataSource(c.data.path);
const hook = \`
const Module = require('node:module'); const load = Module._load; const seen = new Set();
Module._load = function (request, parent, isMain) { const m = load.apply(this, arguments);
  try { const f = Module._resolveFilename(request, parent, isMain); if (f.includes('@tensorflow')) seen.add(f); } catch {}
  return m; };
require('node:worker_threads').parentPort.on('message', (m) => { if (m.type === 'stop') require('node:worker_threads').parentPort.postMessage({ type: 'seen', n: seen.size }); });
require(\${JSON.stringify(join(root, 'dist/src/experiment/worker.js'))});\`;
const rss0 = process.memoryUsage().rss;
const t0 = process.hrtime.bigint();
// Worker 1 of 2 with one table on the list builds none (its share is empty).
const workerData = { config: { ...c, grid: { ...c.grid, losses: ['solh:uniform'] } }, protocol: config.protocolOf(c), configHash: 'x', dataSha256: src.sha256, dataText: src.text, backend: 'auto', index: 1, workers: 2, tables: [] };
const w = new Worker(hook, { eval: true, workerData });
let ms, rssMiB;
w.on('message', (m) => {
  if (m.type === 'ready') {
    ms = Number(process.hrtime.bigint() - t0) / 1e6;
    rssMiB = (process.memoryUsage().rss - rss0) / 2 ** 20;
    w.postMessage({ type: 'stop' });
  } else if (m.type === 'seen') {
    console.log(JSON.stringify({ ms, rssMiB, tensorflow: m.n }));
  } else if (m.type === 'error') {
    console.error(m.message);
    process.exit(1);
  }
});
`;

function main(): void {
  const root = arg('root', packageRoot());
  const kernel = arg('kernel', 'fused');
  const repeats = Number(arg('repeats', '3'));
  const runs = Array.from({ length: repeats }, () => {
    const r = spawnSync(process.execPath, ['-e', probe(root, kernel)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; rssMiB: number; tensorflow: number };
  });
  for (const r of runs) console.log(`worker ready after ${r.ms.toFixed(0)} ms, +${r.rssMiB.toFixed(0)} MiB resident, ${r.tensorflow} modules under @tensorflow`);
  console.log(`${join(root)} (${kernel}): median ${median(runs.map((r) => r.ms)).toFixed(0)} ms, +${median(runs.map((r) => r.rssMiB)).toFixed(0)} MiB over ${repeats} starts`);
}

main();
