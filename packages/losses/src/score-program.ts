/**
 * A score as a straight-line program over the four counts, for a kernel that scores counts
 * elsewhere (the lock-step WebAssembly, assembly/score.ts): the score's own `compute`, from the
 * registry, is run once on an arithmetic that records each operation instead of doing it. Every
 * registered score is such a program: its formula branches only inside `ratio` and `sqrt`, on
 * their operands' values, and the kernel takes those branches as dualArith does.
 */
import { Arith, Score } from './scores';

/** Operation codes, as assembly/score.ts reads them. */
const SCORE_OPS = { constant: 0, add: 1, sub: 2, mul: 3, ratio: 4, sqrt: 5 } as const;

/**
 * Slots 0‥3 hold TP, FN, FP, TN; instruction i writes slot 4 + i from slots a and b (or its
 * constant). `code` holds four float64 per instruction: operation, a, b, constant.
 */
export interface ScoreProgram {
  code: Float64Array;
  instructions: number;
  /** The slot that holds the score (a count itself, for a score that is one). */
  result: number;
  /** The score's best value: the loss is best − score. */
  best: number;
}

export function scoreProgram(score: Score): ScoreProgram {
  const code: number[] = [];
  const emit = (op: number, a: number, b: number, constant: number): number => {
    code.push(op, a, b, constant);
    return 4 + code.length / 4 - 1;
  };
  const record: Arith<number> = {
    c: (x) => emit(SCORE_OPS.constant, 0, 0, x),
    add: (a, b) => emit(SCORE_OPS.add, a, b, 0),
    sub: (a, b) => emit(SCORE_OPS.sub, a, b, 0),
    mul: (a, b) => emit(SCORE_OPS.mul, a, b, 0),
    ratio: (a, b) => emit(SCORE_OPS.ratio, a, b, 0),
    sqrt: (a) => emit(SCORE_OPS.sqrt, a, 0, 0),
  };
  const result = score.compute({ tp: 0, fn: 1, fp: 2, tn: 3 }, record);
  return { code: Float64Array.from(code), instructions: code.length / 4, result, best: score.definition.best };
}
