// AssemblyScript: a score of the four counts and its gradient in them, by running the program that
// packages/losses/src/score-program.ts records from the scores registry. Each instruction is
// dualArith's operation (scores.ts): the same float64 operations in the same order, with the same
// zero conventions, so the value and the gradient are the bits JavaScript computes
// (test/model/wasm-loss.test.ts), but for the sign of a NaN gradient: Binaryen writes −1·x as a
// negation, which flips a NaN's sign bit where JavaScript's product keeps it.

// Operation codes: SCORE_OPS of score-program.ts.
const CONSTANT = 0, ADD = 1, SUB = 2, MUL = 3, RATIO = 4, SQRT = 5;

// A slot is a dual number, five float64: the value, then d/dTP, d/dFN, d/dFP, d/dTN.
@inline function at(slots: usize, i: i32): usize {
  return slots + <usize>i * 40;
}
@inline function val(s: usize): f64 {
  return load<f64>(s);
}
@inline function der(s: usize, c: i32): f64 {
  return load<f64>(s + 8 + (<usize>c << 3));
}
@inline function set(s: usize, v: f64, d0: f64, d1: f64, d2: f64, d3: f64): void {
  store<f64>(s, v);
  store<f64>(s, d0, 8);
  store<f64>(s, d1, 16);
  store<f64>(s, d2, 24);
  store<f64>(s, d3, 32);
}

/** Runs `instructions` instructions of `code` (four float64 each: operation, a, b, constant) on the slots, whose first four hold the counts. */
function run(code: usize, instructions: i32, slots: usize): void {
  for (let i = 0; i < instructions; i++) {
    const c = code + (<usize>i << 5);
    const op = <i32>load<f64>(c);
    const a = at(slots, <i32>load<f64>(c, 8));
    const b = at(slots, <i32>load<f64>(c, 16));
    const o = at(slots, 4 + i);
    const av = val(a), bv = val(b);
    if (op == CONSTANT) {
      set(o, load<f64>(c, 24), 0, 0, 0, 0);
    } else if (op == ADD) {
      set(o, av + bv, der(a, 0) + der(b, 0), der(a, 1) + der(b, 1), der(a, 2) + der(b, 2), der(a, 3) + der(b, 3));
    } else if (op == SUB) {
      set(o, av - bv, der(a, 0) - der(b, 0), der(a, 1) - der(b, 1), der(a, 2) - der(b, 2), der(a, 3) - der(b, 3));
    } else if (op == MUL) {
      set(o, av * bv, der(a, 0) * bv + av * der(b, 0), der(a, 1) * bv + av * der(b, 1), der(a, 2) * bv + av * der(b, 2), der(a, 3) * bv + av * der(b, 3));
    } else if (op == RATIO) {
      if (bv == 0) {
        set(o, 0, 0, 0, 0, 0);
      } else {
        const q = av / bv;
        set(o, q, (der(a, 0) - q * der(b, 0)) / bv, (der(a, 1) - q * der(b, 1)) / bv, (der(a, 2) - q * der(b, 2)) / bv, (der(a, 3) - q * der(b, 3)) / bv);
      }
    } else if (op == SQRT) {
      if (!(av > 0)) {
        set(o, 0, 0, 0, 0, 0);
      } else {
        const r = Math.sqrt(av);
        set(o, r, der(a, 0) / (2 * r), der(a, 1) / (2 * r), der(a, 2) / (2 * r), der(a, 3) / (2 * r));
      }
    } else {
      unreachable();
    }
  }
}

/**
 * The binary score loss of soft tallies, as averagedLoss (one-vs-rest.ts) scores one class: TP =
 * Σ y·E, FP = Σ (1 − y)·E, FN = Σ y − TP, TN = rows − Σ y − FP; the loss best − score, and dLoss/dE
 * for a positive, −(dTP − dFN), and for a negative, −(dFP − dTN), into g[0] and g[1]. `program`
 * holds the code, then room for its slots.
 */
export function binaryScoreLoss(program: usize, instructions: i32, result: i32, best: f64, tp: f64, fp: f64, positives: f64, rows: f64, g: usize): f64 {
  const slots = program + (<usize>instructions << 5);
  set(at(slots, 0), tp, 1, 0, 0, 0);
  set(at(slots, 1), positives - tp, 0, 1, 0, 0);
  set(at(slots, 2), fp, 0, 0, 1, 0);
  set(at(slots, 3), rows - positives - fp, 0, 0, 0, 1);
  run(program, instructions, slots);
  const s = at(slots, result);
  // The class's weight is 1 (one class), written as averagedLoss computes with it.
  const weight = 1.0;
  store<f64>(g, -weight * (der(s, 0) - der(s, 1)));
  store<f64>(g, -weight * (der(s, 2) - der(s, 3)), 8);
  return 0 + weight * (best - val(s));
}
