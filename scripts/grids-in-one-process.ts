/**
 * Benchmark: several grids run one after another in one process, as a sweep or a benchmark suite
 * runs them (configs/paper.json with 1 seed and 2 epochs, 2 workers): per grid, the time until its workers are
 * ready (their E(p) tables built, or adopted from the last grid) and the whole grid's time.
 *
 *   npm run build && node dist/scripts/grids-in-one-process.js [--grids 3] [--jobs 2]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg } from './cli-args';
import { loadConfig } from '../src/experiment/config';
import { packageRoot } from '../src/experiment/package-info';
import { runGrid } from '../src/experiment/runner';

async function main(): Promise<void> {
  const jobs = Number(arg('jobs', '2'));
  for (let i = 1; i <= Number(arg('grids', '3')); i++) {
    const config = loadConfig(join(packageRoot(), 'configs/paper.json'));
    config.grid.seeds = [0];
    config.training.maxEpochs = 2;
    const out = mkdtempSync(join(tmpdir(), 'solh-grids-'));
    const started = Date.now();
    let ready = NaN;
    await runGrid({ config, out, jobs }, (e) => {
      if (e.type === 'start') ready = Date.now() - started;
    });
    console.log(`grid ${i}: workers ready after ${ready} ms, grid ${Date.now() - started} ms`);
    rmSync(out, { recursive: true });
  }
}

void main();
