/**
 * Benchmark: this machine's WebAssembly SIMD ceiling, and the fused training step as a fraction of it.
 *
 *   mul+add peak   twelve independent f32x4 chains acc ← acc·a + b held in registers (assembly/peak.ts):
 *                  the most f32x4 mul and add the engine issues per second, 8 FLOP per (mul + add) pair
 *   accumulate     acc += splat(x)·w with x, w loaded, 8 accumulators: the inner loop of a matrix product
 *   relaxed FMA    the same with f32x4.relaxed_madd (assembly/peak-relaxed.ts), when the runtime has
 *                  relaxed SIMD (Node 20: --experimental-wasm-relaxed-simd, set here through v8 flags)
 *   native         for context only: an AVX-512 (or AVX2) FMA loop in C, if gcc is on the PATH
 *   step           the fused step (forward with masks, BCE, backward, Adam; batch 64, paper MLP),
 *                  GFLOP/s counting 2 FLOP per multiply-add, and its fraction of the mul+add peak
 *   lock-step      the same step for `--models` models trained in lock step on `--loss` (src/model/wasm-stack.ts:
 *                  one gathered batch and one set of masks, weights and Adam resident in wasm), with
 *                  the plain build against the mul+add peak, and with the FMA build (training.fma
 *                  "on") against the relaxed-SIMD FMA peak
 *
 * Timed in this process's CPU time (process.cpuUsage; the native loop in its thread's CPU time), so
 * that on a shared machine the time the scheduler gives to other processes is not counted. The wasm
 * peaks and the lock-step steps are timed interleaved, one round of each per repeat, and reported as
 * medians over `--repeats` rounds (with the best beside them): a fraction of the peak is then a
 * ratio of timings taken under the same load. The AssemblyScript sources are compiled here, into a
 * temporary folder, by the asc of devDependencies.
 *
 *   npm run build && node dist/scripts/bench-simd-peak.js [--repeats 15] [--ms 40] [--native yes] [--models 19] [--loss bce]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import seedrandom from 'seedrandom';
import { arg, cpuMs, median } from './cli-args';
import { packageRoot } from '../src/experiment/package-info';
import { loadConfig } from '../src/experiment/config';
import { createModel } from '../src/model/model';
import { makeLoss, parseLoss } from 'solh-losses';
import { parseScore } from 'solh-losses';
import { FlatAdam } from '../src/train/adam';
import { WasmStack } from '../src/model/wasm-stack';
import type { DenseBuild } from '../src/model/dense-wasm';

// Must precede the first compilation of a module that uses relaxed SIMD; a no-op where it is on by default.
setFlagsFromString('--experimental-wasm-relaxed-simd');

const root = packageRoot();
const repeats = Number(arg('repeats', '15'));
const targetMs = Number(arg('ms', '40'));
const lossSpec = arg('loss', 'bce');

interface PeakExports {
  memory: WebAssembly.Memory;
  mulAdd(iterations: number, seed: number): number;
  accumulate(iterations: number, base: number): number;
}

function compile(dir: string, source: string, flags: string[]): PeakExports | string {
  const out = join(dir, source.replace(/\.ts$/, '.wasm'));
  try {
    execFileSync(join(root, 'node_modules/.bin/asc'), [join(root, 'assembly', source), '--enable', 'simd', ...flags, '-O3', '--noAssert', '--runtime', 'stub', '--initialMemory', '1', '-o', out], { stdio: 'pipe' });
  } catch (e) {
    return `asc failed: ${String((e as { stderr?: Buffer }).stderr ?? e).split('\n')[0]}`;
  }
  try {
    return new WebAssembly.Instance(new WebAssembly.Module(readFileSync(out)), { env: { abort: () => undefined } }).exports as unknown as PeakExports;
  } catch (e) {
    return `not available in this runtime (${(e as Error).message.split('\n')[0]})`;
  }
}

/** Best GFLOP/s of `repeats` calls of f(iterations), with iterations sized to about targetMs. */
function peak(f: (n: number) => number, flopPerIteration: number): number {
  const once = peakTimer(f, flopPerIteration);
  let best = 0;
  for (let r = 0; r < repeats; r++) best = Math.max(best, once());
  return best;
}

function wasmPeaks(dir: string): { mulAdd?: number; accumulate?: number; fma?: number; fmaAccumulate?: number; notes: string[] } {
  const notes: string[] = [];
  const plain = compile(dir, 'peak.ts', []);
  const relaxed = compile(dir, 'peak-relaxed.ts', ['--enable', 'relaxed-simd']);
  const r: ReturnType<typeof wasmPeaks> = { notes };
  if (typeof plain === 'string') notes.push(`f32x4 mul+add: ${plain}`);
  else {
    new Float32Array(plain.memory.buffer, 0, 1024).fill(0.5);
    r.mulAdd = peak((n) => plain.mulAdd(n, 1), 96);
    r.accumulate = peak((n) => plain.accumulate(n, 0), 64);
  }
  if (typeof relaxed === 'string') notes.push(`relaxed-SIMD FMA: ${relaxed}`);
  else {
    new Float32Array(relaxed.memory.buffer, 0, 1024).fill(0.5);
    r.fma = peak((n) => relaxed.mulAdd(n, 1), 96);
    r.fmaAccumulate = peak((n) => relaxed.accumulate(n, 0), 64);
  }
  return r;
}

const NATIVE_C = `
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
/* 12 independent FMA chains; VEC lanes of float each; 2 FLOP per lane per FMA. */
int main(int argc, char **argv) {
  long n = atol(argv[1]); int reps = atoi(argv[2]); double best = 0;
#if defined(__AVX512F__)
  typedef __m512 V; int lanes = 16;
  #define SET(x) _mm512_set1_ps(x)
  #define FMA(c, a, b) c = _mm512_fmadd_ps(c, a, b)
  #define RED(c) _mm512_reduce_add_ps(c)
#else
  typedef __m256 V; int lanes = 8;
  #define SET(x) _mm256_set1_ps(x)
  #define FMA(c, a, b) c = _mm256_fmadd_ps(c, a, b)
  #define RED(c) ((float *)&c)[0]
#endif
  for (int r = 0; r < reps; r++) {
    V a = SET(0.9999f), b = SET(0.0001f);
    V c0 = SET(1), c1 = SET(2), c2 = SET(3), c3 = SET(4), c4 = SET(5), c5 = SET(6), c6 = SET(7), c7 = SET(8), c8 = SET(9), c9 = SET(10), c10 = SET(11), c11 = SET(12);
    struct timespec t0, t1; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
    for (long i = 0; i < n; i++) { FMA(c0,a,b); FMA(c1,a,b); FMA(c2,a,b); FMA(c3,a,b); FMA(c4,a,b); FMA(c5,a,b); FMA(c6,a,b); FMA(c7,a,b); FMA(c8,a,b); FMA(c9,a,b); FMA(c10,a,b); FMA(c11,a,b); }
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
    float s = RED(c0) + RED(c1) + RED(c2) + RED(c3) + RED(c4) + RED(c5) + RED(c6) + RED(c7) + RED(c8) + RED(c9) + RED(c10) + RED(c11);
    double sec = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
    double g = 12.0 * 2 * lanes * n / sec / 1e9; if (g > best && s == s) best = g;
  }
  printf("%d %.1f\\n", lanes, best);
  return 0;
}
`;

function nativePeak(dir: string): string {
  try {
    const src = join(dir, 'fma.c');
    const bin = join(dir, 'fma');
    writeFileSync(src, NATIVE_C);
    execFileSync('gcc', ['-O2', '-march=native', '-o', bin, src], { stdio: 'pipe' });
    const [lanes, g] = execFileSync(bin, [String(20_000_000), String(repeats)]).toString().trim().split(' ');
    return `${Number(g).toFixed(1)} GFLOP/s (${Number(lanes) * 32}-bit vectors, FMA, gcc -O2 -march=native)`;
  } catch (e) {
    return `not measured (${(e as Error).message.split('\n')[0]})`;
  }
}

/** The fused step on one batch of the paper's shape, as in bench-epoch: best GFLOP/s over repeats. */
function stepRate(): { usPerStep: number; gflops: number } {
  const c = loadConfig(join(root, 'configs/paper.json'));
  const width = 23;
  const model = createModel(width, c.model, 0);
  const passes = model.flatPasses('simd');
  const b = c.training.batchSize;
  const rng = seedrandom('step');
  const x = Float32Array.from({ length: b * width }, () => rng() * 2 - 1);
  const y = Float32Array.from({ length: b }, () => (rng() < 0.3 ? 1 : 0));
  const z = new Float32Array(b);
  const dz = new Float32Array(b);
  const grad = new Float32Array(model.theta.length);
  const adam = new FlatAdam(model.theta.length, c.training);
  const masks = model.dropout(b);
  const loss = makeLoss(parseLoss('bce'), parseScore('f1'));
  const steps = 1000;
  let best = Infinity;
  for (let r = 0; r < repeats + 3; r++) {
    const t0 = cpuMs();
    for (let s = 0; s < steps; s++) {
      passes.forward(model.theta, x, b, masks, z);
      loss.flat(y, z, dz);
      passes.backward(model.theta, dz, grad);
      adam.step(model.theta, grad);
    }
    if (r >= 3) best = Math.min(best, (cpuMs() - t0) / steps);
  }
  return { usPerStep: best * 1000, gflops: (2 * b * passes.multiplyAddsPerExample) / best / 1e6 };
}

/** K models stepping in lock step on batches of the paper's shape: a function timing `steps` steps (CPU ms per model-step). */
function lockstepTimer(models: number, build: DenseBuild): { time: () => number; flopPerModelStep: number } {
  const c = loadConfig(join(root, 'configs/paper.json'));
  const width = 23;
  const rowsTrain = 1369;
  const model = createModel(width, c.model, 0);
  const shape = model.lockstep!;
  const b = c.training.batchSize;
  const rng = seedrandom('lockstep');
  const x = Float32Array.from({ length: rowsTrain * width }, () => rng() * 2 - 1);
  const y = Float32Array.from({ length: rowsTrain }, () => (rng() < 0.3 ? 1 : 0));
  const loss = makeLoss(parseLoss(lossSpec), parseScore('f1'));
  const stack = new WasmStack(shape.layers, shape.parameters, Array.from({ length: models }, () => loss.flat), { train: { x, y, rows: rowsTrain }, validation: { x, y, rows: 1 }, width, batchSize: b }, build);
  for (let m = 0; m < models; m++) stack.theta(m).set(model.theta);
  const idx = Int32Array.from({ length: b }, () => Math.floor(rng() * rowsTrain));
  const steps = 40;
  let acc1 = Math.fround(c.training.beta1);
  let acc2 = Math.fround(c.training.beta2);
  const time = () => {
    const t0 = cpuMs();
    for (let s = 0; s < steps; s++) {
      stack.setBatchFrom(idx, model.dropout);
      for (let m = 0; m < models; m++) {
        stack.forward(m);
        stack.batchLoss(m);
        stack.backwardAdam(m, c.training, 1 - acc1, 1 - acc2);
      }
      acc1 = Math.fround(acc1 * Math.fround(c.training.beta1));
      acc2 = Math.fround(acc2 * Math.fround(c.training.beta2));
    }
    return (cpuMs() - t0) / steps / models;
  };
  for (let w = 0; w < 3; w++) time(); // warm-up: the optimising tier
  return { time, flopPerModelStep: 2 * b * model.flatPasses().multiplyAddsPerExample };
}

/** A peak loop as a function timing one call of ~targetMs (GFLOP/s). */
function peakTimer(f: (n: number) => number, flopPerIteration: number): () => number {
  let n = 1 << 16;
  for (;;) {
    const t0 = cpuMs();
    f(n);
    if (cpuMs() - t0 > targetMs / 4 || n > 1 << 30) break;
    n *= 2;
  }
  return () => {
    const t0 = cpuMs();
    f(n);
    return (n * flopPerIteration) / (cpuMs() - t0) / 1e6;
  };
}

/**
 * The lock-step step and the peak it is measured against, timed in alternation, `repeats` rounds:
 * the fraction of each round (step GFLOP/s ÷ peak GFLOP/s of the same round), and the medians.
 */
function interleaved(peak: () => number, step: { time: () => number; flopPerModelStep: number }) {
  const peaks: number[] = [];
  const steps: number[] = [];
  const fractions: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const p = peak();
    const g = step.flopPerModelStep / step.time() / 1e6;
    peaks.push(p);
    steps.push(g);
    fractions.push(g / p);
  }
  return { peak: median(peaks), step: median(steps), stepBest: Math.max(...steps), fraction: median(fractions), usPerModelStep: step.flopPerModelStep / median(steps) / 1e3 };
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'solh-peak-'));
  try {
    const w = wasmPeaks(dir);
    const fmt = (g: number | undefined) => (g === undefined ? 'n/a' : `${g.toFixed(1)} GFLOP/s`);
    console.log(`Node.js ${process.versions.node} (V8 ${process.versions.v8}); best of ${repeats} timings of ~${targetMs} ms of CPU time on one core; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log(`wasm f32x4 mul+add peak (12 chains in registers):       ${fmt(w.mulAdd)}`);
    console.log(`wasm f32x4 accumulate (acc += x·w, operands loaded):    ${fmt(w.accumulate)}`);
    console.log(`wasm relaxed-SIMD FMA peak (12 chains):                 ${fmt(w.fma)}`);
    console.log(`wasm relaxed-SIMD FMA accumulate:                       ${fmt(w.fmaAccumulate)}`);
    for (const n of w.notes) console.log(`note: ${n}`);
    if (arg('native', 'yes') === 'yes') console.log(`native FMA peak, for context:                           ${nativePeak(dir)}`);
    const s = stepRate();
    const frac = w.mulAdd ? ` = ${((100 * s.gflops) / w.mulAdd).toFixed(1)} % of the f32x4 mul+add peak` : '';
    console.log(`fused step (forward with masks, BCE, backward, Adam; batch 64, 23-32-16-1): ${s.usPerStep.toFixed(1)} µs, ${s.gflops.toFixed(2)} GFLOP/s${frac}`);
    const k = Number(arg('models', '19'));
    const plain = compile(dir, 'peak.ts', []);
    if (typeof plain !== 'string') {
      new Float32Array(plain.memory.buffer, 0, 1024).fill(0.5);
      const l = interleaved(peakTimer((n) => plain.mulAdd(n, 1), 96), lockstepTimer(k, 'plain'));
      console.log(`lock-step step, ${k} models on ${lossSpec}, f32x4 mul + add (default), interleaved with the mul+add peak, medians of ${repeats} rounds: ${l.usPerModelStep.toFixed(1)} µs per model-step, ${l.step.toFixed(2)} GFLOP/s (best ${l.stepBest.toFixed(2)}); peak ${l.peak.toFixed(1)} GFLOP/s; fraction ${(100 * l.fraction).toFixed(1)} %`);
    }
    const relaxed = compile(dir, 'peak-relaxed.ts', ['--enable', 'relaxed-simd']);
    if (typeof relaxed !== 'string') {
      new Float32Array(relaxed.memory.buffer, 0, 1024).fill(0.5);
      const l = interleaved(peakTimer((n) => relaxed.mulAdd(n, 1), 96), lockstepTimer(k, 'fma'));
      console.log(`lock-step step, ${k} models on ${lossSpec}, relaxed-SIMD FMA (training.fma "on"), interleaved with the FMA peak, medians of ${repeats} rounds: ${l.usPerModelStep.toFixed(1)} µs per model-step, ${l.step.toFixed(2)} GFLOP/s (best ${l.stepBest.toFixed(2)}); peak ${l.peak.toFixed(1)} GFLOP/s; fraction ${(100 * l.fraction).toFixed(1)} %`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
