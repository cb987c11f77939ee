/**
 * docs/method.md §1.6's reference values of E(p) for the linear step with δ = 0.1, as printed (6 decimals):
 * rows p, columns uniform, C(0.5,0.1), C(0.5,0.3), C(0.5,0.5).
 */
export const METHOD_TABLE: [number, number[]][] = [
  [0.1, [0.135802, 0.038457, 0.038753, 0.051121]],
  [0.25, [0.29511, 0.105943, 0.134274, 0.191395]],
  [0.5, [0.5, 0.5, 0.5, 0.5]],
  [0.75, [0.70489, 0.894057, 0.865726, 0.808605]],
  [0.9, [0.864198, 0.961543, 0.961247, 0.948879]],
];
