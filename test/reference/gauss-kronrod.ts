/**
 * Globally adaptive Gauss–Kronrod (G10–K21) quadrature in float64.
 *
 * Test-only reference: written for clarity and trustworthiness, not speed.
 * The strategy follows QUADPACK's QAG: keep a list of subintervals, each with
 * a K21 value and an error estimate, and repeatedly bisect the one with the
 * largest error until the summed error meets the tolerance. Global (rather
 * than recursive, locally-toleranced) refinement matters for integrands such as
 * 1/τ on [2e-7, 0.5]: the pieces near the small end carry most of the error and
 * get refined as deep as needed, while smooth pieces stop early.
 */

// Constants of QUADPACK's dqk21 (computed by L. W. Fullerton, Bell Labs, 1981,
// in 80-digit arithmetic); identical in GSL's qk21.c. Only non-negative nodes
// are listed; the rule is symmetric about 0.
// XGK[1], XGK[3], ..., XGK[9] are the 10-point Gauss nodes; the others are the
// Kronrod extension points. XGK[10] = 0 is a Kronrod-only node.
const XGK: readonly number[] = [
  0.995657163025808080735527280689003,
  0.973906528517171720077964012084452,
  0.930157491355708226001207180059508,
  0.865063366688984510732096688423493,
  0.780817726586416897063717578345042,
  0.679409568299024406234327365114874,
  0.562757134668604683339000099272694,
  0.433395394129247190799265943165784,
  0.294392862701460198131126603103866,
  0.148874338981631210884826001129720,
  0.0,
];

/** Weights of the 21-point Kronrod rule, aligned with XGK. */
const WGK: readonly number[] = [
  0.011694638867371874278064396062192,
  0.032558162307964727478818972459390,
  0.054755896574351996031381300244580,
  0.075039674810919952767043140916190,
  0.093125454583697605535065465083366,
  0.109387158802297641899210590325805,
  0.123491976262065851077958109831074,
  0.134709217311473325928054001771707,
  0.142775938577060080797094273138717,
  0.147739104901338491374841515972068,
  0.149445554002916905664936468389821,
];

/** Weights of the 10-point Gauss rule, for nodes XGK[1], XGK[3], ..., XGK[9]. */
const WG: readonly number[] = [
  0.066671344308688137593568809893332,
  0.149451349150580593145776339657697,
  0.219086362515982043995534934228163,
  0.269266719309996355091226921569469,
  0.295524224714752870173892994651338,
];

export interface IntegrateOptions {
  /** Points inside (a, b) where the integrand has a kink/jump; split there first. */
  breakpoints?: number[];
  /** Absolute error target (default 1e-14). */
  absTol?: number;
  /** Relative error target (default 0: absTol alone, limited by the roundoff floor). */
  relTol?: number;
  /** Maximum number of bisections of any initial piece (default 50). */
  maxDepth?: number;
}

interface Piece {
  a: number;
  b: number;
  depth: number;
  value: number;
  err: number;
  /** True when the piece cannot usefully be refined further. */
  done: boolean;
}

const EPS = Number.EPSILON;
/** Hard cap on subdivisions so a pathological integrand cannot loop for ever. */
const MAX_PIECES = 100_000;

/** One K21 application on [a, b], with QUADPACK's error estimate. */
function gk21(f: (x: number) => number, a: number, b: number, depth: number, maxDepth: number): Piece {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const fc = f(c);
  let resK = WGK[10] * fc;
  let resG = 0; // the Gauss rule has no centre node (10 points)
  let resAbs = WGK[10] * Math.abs(fc);
  const f1: number[] = [];
  const f2: number[] = [];
  for (let j = 0; j < 10; j++) {
    const dx = h * XGK[j];
    f1[j] = f(c - dx);
    f2[j] = f(c + dx);
    resK += WGK[j] * (f1[j] + f2[j]);
    resAbs += WGK[j] * (Math.abs(f1[j]) + Math.abs(f2[j]));
    if (j % 2 === 1) resG += WG[(j - 1) / 2] * (f1[j] + f2[j]);
  }
  // resAsc ≈ ∫|f − mean f|: a scale of how "wiggly" f is on this piece.
  const mean = 0.5 * resK;
  let resAsc = WGK[10] * Math.abs(fc - mean);
  for (let j = 0; j < 10; j++) resAsc += WGK[j] * (Math.abs(f1[j] - mean) + Math.abs(f2[j] - mean));

  const len = Math.abs(h);
  resAbs *= len;
  resAsc *= len;
  // |K21 − G10| grossly over-estimates the K21 error once the rule converges;
  // QUADPACK rescales it by (200·err/resAsc)^1.5, which is empirically reliable.
  let err = Math.abs((resK - resG) * h);
  if (resAsc !== 0 && err !== 0) err = resAsc * Math.min(1, Math.pow((200 * err) / resAsc, 1.5));
  // Below ~50 eps·∫|f| the estimate is roundoff noise: splitting cannot help.
  const roundoffFloor = 50 * EPS * resAbs;
  const mid = 0.5 * (a + b);
  const canSplit = depth < maxDepth && mid > Math.min(a, b) && mid < Math.max(a, b);
  return { a, b, depth, value: resK * h, err, done: !canSplit || err <= roundoffFloor };
}

/** Neumaier-compensated sum, so that hundreds of pieces add without drift. */
function sum(xs: number[]): number {
  let s = 0;
  let comp = 0;
  for (const x of xs) {
    const t = s + x;
    comp += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + comp;
}

/**
 * ∫_a^b f(x) dx. Endpoints are never evaluated (all Kronrod nodes are interior),
 * so integrable endpoint singularities are tolerated. Limits must be finite.
 */
export function integrate(
  f: (x: number) => number,
  a: number,
  b: number,
  opts: IntegrateOptions = {},
): number {
  if (!Number.isFinite(a) || !Number.isFinite(b)) throw new RangeError('integrate: limits must be finite');
  if (a === b) return 0;
  if (a > b) return -integrate(f, b, a, opts);
  const absTol = opts.absTol ?? 1e-14;
  const relTol = opts.relTol ?? 0;
  const maxDepth = opts.maxDepth ?? 50;

  // Initial split at the breakpoints strictly inside (a, b): sorted, deduplicated.
  const inner = [...new Set((opts.breakpoints ?? []).filter((x) => Number.isFinite(x) && x > a && x < b))].sort(
    (x, y) => x - y,
  );
  const edges = [a, ...inner, b];
  let pieces: Piece[] = [];
  for (let i = 0; i + 1 < edges.length; i++) pieces.push(gk21(f, edges[i], edges[i + 1], 0, maxDepth));

  while (pieces.length < MAX_PIECES) {
    const total = sum(pieces.map((q) => q.value));
    const errSum = sum(pieces.map((q) => q.err));
    if (!(errSum > Math.max(absTol, relTol * Math.abs(total)))) break; // also stops on NaN
    // Bisect the refinable piece with the largest error estimate.
    let worst = -1;
    for (let i = 0; i < pieces.length; i++) {
      if (!pieces[i].done && (worst < 0 || pieces[i].err > pieces[worst].err)) worst = i;
    }
    if (worst < 0) break; // nothing left that refinement can improve
    const q = pieces[worst];
    const mid = 0.5 * (q.a + q.b);
    pieces = [
      ...pieces.slice(0, worst),
      gk21(f, q.a, mid, q.depth + 1, maxDepth),
      gk21(f, mid, q.b, q.depth + 1, maxDepth),
      ...pieces.slice(worst + 1),
    ];
  }
  return sum(pieces.map((q) => q.value));
}
