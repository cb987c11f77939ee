// AssemblyScript: the flat losses of packages/losses/src (flat-loss.ts, one-vs-rest.ts with one
// class, expectation-fill.ts) on a batch's float32 logits and labels, in float64 with the same
// operations in the same order, and V8's exp and log1p (libm.ts): the same bits as in JavaScript
// (test/model/wasm-loss.test.ts). A score loss sums the soft counts, scores them by the score's
// program (score.ts) and applies the chain rule per example, all in one call.

import { exp64, log1p64 } from './libm';
import { binaryScoreLoss } from './score';

@inline function f(a: usize, i: i32): f64 {
  return <f64>load<f32>(a + (<usize>i << 2));
}
@inline function d(a: usize, i: i32): f64 {
  return load<f64>(a + (<usize>i << 3));
}
@inline function setd(a: usize, i: i32, x: f64): void {
  store<f64>(a + (<usize>i << 3), x);
}

/**
 * Binary cross-entropy on logits z for labels y (m rows), as flatBce: the mean of
 * max(z,0) − z·y + log(1 + e^−|z|), and (σ(z) − y)/m into grad (float32).
 */
export function bceLoss(z: usize, y: usize, m: i32, grad: usize): f64 {
  const rows = <f64>m;
  let sum = 0.0;
  for (let i = 0; i < m; i++) {
    const zi = f(z, i);
    const yi = f(y, i);
    const e = exp64(-Math.abs(zi));
    sum += (zi > 0 ? zi : 0) - zi * yi + log1p64(e);
    store<f32>(grad + (<usize>i << 2), <f32>((1 / (1 + (zi >= 0 ? e : exp64(-zi))) - yi) / rows));
  }
  return sum / rows;
}

/**
 * The binary score loss of E(σ(z)) read in an interpolated table (expectation-fill.ts: four
 * float32 columns per node, n nodes), scored by the program at `program` (binaryScoreLoss), with
 * dLoss/dz into grad (float32); returns the loss. p and dh: room for m float64 each (σ(z) and
 * dE/dp); sums: room for five float64.
 */
export function scoreLossTable(z: usize, y: usize, m: i32, table: usize, n: i32, p: usize, dh: usize, sums: usize, program: usize, instructions: i32, result: i32, best: f64, grad: usize): f64 {
  tallies(false, z, y, m, table, n, 0, 0, 0, 0, 0, 0, 0, p, dh, sums);
  return scored(y, m, p, dh, sums, program, instructions, result, best, grad);
}

/**
 * The same for a point mass at τ with the linear step H^l (steps.ts linearStep; its pieces lo, hi,
 * m1, m2, m3 from linearPieces(τ, δ)).
 */
export function scoreLossLinear(z: usize, y: usize, m: i32, tau: f64, delta: f64, lo: f64, hi: f64, m1: f64, m2: f64, m3: f64, p: usize, dh: usize, sums: usize, program: usize, instructions: i32, result: i32, best: f64, grad: usize): f64 {
  tallies(true, z, y, m, 0, 0, tau, delta, lo, hi, m1, m2, m3, p, dh, sums);
  return scored(y, m, p, dh, sums, program, instructions, result, best, grad);
}

/** Scores the tallies in sums[0‥2] (dLoss/dE of a positive and a negative into sums[3], sums[4]) and writes dLoss/dz; returns the loss. */
@inline function scored(y: usize, m: i32, p: usize, dh: usize, sums: usize, program: usize, instructions: i32, result: i32, best: f64, grad: usize): f64 {
  const loss = binaryScoreLoss(program, instructions, result, best, d(sums, 0), d(sums, 1), d(sums, 2), <f64>m, sums + 24);
  gradient(y, m, p, dh, d(sums, 3), d(sums, 4), grad);
  return loss;
}

/** The loop of both: `linear`, a constant at each call, leaves one fill in each after inlining. */
@inline function tallies(linear: bool, z: usize, y: usize, m: i32, table: usize, n: i32, tau: f64, delta: f64, lo: f64, hi: f64, m1: f64, m2: f64, m3: f64, p: usize, dh: usize, out: usize): void {
  const nodes = <f64>n;
  let tp = 0.0, fp = 0.0, positives = 0.0;
  for (let i = 0; i < m; i++) {
    const pi = 1 / (1 + exp64(-f(z, i)));
    setd(p, i, pi);
    const yi = f(y, i);
    let e = NaN, de = NaN;
    if (linear) {
      if (pi < lo) {
        e = pi * m1;
        de = m1;
      } else if (pi > hi) {
        e = 1 - delta - m3 * (hi - pi);
        de = m3;
      } else {
        e = 0.5 + m2 * (pi - tau);
        de = m2;
      }
    } else if (pi == pi) {
      const x = (pi <= 0 ? 0 : pi >= 1 ? 1 : pi) * nodes;
      const k = x >= nodes ? n - 1 : <i32>Math.floor(x);
      const fr = x - <f64>k;
      const j = k << 2;
      e = f(table, j) + fr * f(table, j + 1);
      de = f(table, j + 2) + fr * f(table, j + 3);
    }
    setd(dh, i, de);
    tp += yi * e;
    fp += (1 - yi) * e;
    positives += yi;
  }
  setd(out, 0, tp);
  setd(out, 1, fp);
  setd(out, 2, positives);
}

/**
 * dLoss/dz = (y·gPos + (1 − y)·gNeg)·dE/dp·p(1 − p) into grad (float32), from p and dh of tallies:
 * two rows at a time in f64x2 lanes, each lane the scalar operations in their order (same bits).
 */
@inline function gradient(y: usize, m: i32, p: usize, dh: usize, gPos: f64, gNeg: f64, grad: usize): void {
  const one = f64x2.splat(1), pos = f64x2.splat(gPos), neg = f64x2.splat(gNeg);
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const yi = f64x2.promote_low_f32x4(v128.load64_zero(y + (<usize>i << 2)));
    const pi = v128.load(p + (<usize>i << 3));
    const g = f64x2.mul(f64x2.add(f64x2.mul(yi, pos), f64x2.mul(f64x2.sub(one, yi), neg)), v128.load(dh + (<usize>i << 3)));
    v128.store64_lane(grad + (<usize>i << 2), f32x4.demote_f64x2_zero(f64x2.mul(f64x2.mul(g, pi), f64x2.sub(one, pi))), 0);
  }
  for (; i < m; i++) {
    const yi = f(y, i);
    const pi = d(p, i);
    const g = (yi * gPos + (1 - yi) * gNeg) * d(dh, i);
    store<f32>(grad + (<usize>i << 2), <f32>(g * pi * (1 - pi)));
  }
}

/**
 * The table of expectation-fill.ts from its four columns (E, its step, dE/dp, its step; n values
 * each, one after another at `columns`): interleaved per node into out, so that one lookup reads
 * one cache line.
 */
export function packTable(columns: usize, n: i32, out: usize): void {
  const c = <usize>n << 2;
  for (let i = 0; i < n; i++) {
    const at = columns + (<usize>i << 2);
    const to = out + (<usize>i << 4);
    store<f32>(to, load<f32>(at));
    store<f32>(to + 4, load<f32>(at + c));
    store<f32>(to + 8, load<f32>(at + 2 * c));
    store<f32>(to + 12, load<f32>(at + 3 * c));
  }
}
