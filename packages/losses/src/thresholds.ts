/**
 * Threshold distributions: the law of the decision threshold τ that SOL and SOLH average the
 * soft step over. Pure float64 math, no tensors: the expectation module tabulates from these.
 */
import type betaCdfFn = require('@stdlib/stats-base-dists-beta-cdf');
import type betaPdfFn = require('@stdlib/stats-base-dists-beta-pdf');
// The bundler (build.mjs) resolves these requires; the package has no Node types.
declare const require: (id: string) => unknown;
import { SolhError } from './errors';

/** A point mass: E_τ[step(p, τ)] is the step itself at τ0. */
export interface PointMass {
  kind: 'point';
  spec: string;
  tau0: number;
}

/** A distribution with a density on [0, 1]. */
export interface ContinuousDistribution {
  kind: 'continuous';
  spec: string;
  pdf(x: number): number;
  cdf(x: number): number;
  /** Where the density is positive; quadrature integrates over this interval only. */
  support: [number, number];
  /** Points inside the support where the density is not smooth (quadrature panels end there). */
  breakpoints: number[];
  /** True when f(τ) = f(1 − τ); then E(1 − p) = 1 − E(p) for steps symmetric about τ. */
  symmetricAboutHalf: boolean;
}

export type ThresholdDistribution = PointMass | ContinuousDistribution;

const fmt = (x: number): string => String(x);

export function pointMass(tau0: number): PointMass {
  if (!(Number.isFinite(tau0) && tau0 > 0 && tau0 < 1)) {
    throw new SolhError(`point mass threshold τ0 = ${tau0} is outside (0, 1): give a value such as point(0.5)`);
  }
  return { kind: 'point', spec: `point(${fmt(tau0)})`, tau0 };
}

export function uniform(): ContinuousDistribution {
  return {
    kind: 'continuous',
    spec: 'uniform',
    pdf: (x) => (x >= 0 && x <= 1 ? 1 : 0),
    cdf: (x) => Math.min(1, Math.max(0, x)),
    support: [0, 1],
    breakpoints: [],
    symmetricAboutHalf: true,
  };
}

/** Raised cosine C(μ, s) on (μ − s, μ + s); the paper calls s "δ", we keep δ for the slope of H^l. */
export function raisedCosine(mu: number, s: number): ContinuousDistribution {
  if (!(Number.isFinite(s) && s > 0)) {
    throw new SolhError(`cosine width s = ${s} must be > 0: give cosine(μ,s) with s in (0, 0.5], e.g. cosine(0.5,0.3)`);
  }
  if (!(Number.isFinite(mu) && mu - s >= 0 && mu + s <= 1)) {
    throw new SolhError(`cosine(${mu},${s}) reaches outside [0, 1]: choose μ and s with 0 ≤ μ − s and μ + s ≤ 1`);
  }
  const lo = mu - s;
  const hi = mu + s;
  return {
    kind: 'continuous',
    spec: `cosine(${fmt(mu)},${fmt(s)})`,
    pdf: (x) => (x <= lo || x >= hi ? 0 : (1 + Math.cos((Math.PI * (x - mu)) / s)) / (2 * s)),
    cdf: (x) => {
      if (x <= lo) return 0;
      if (x >= hi) return 1;
      const z = (x - mu) / s;
      return 0.5 * (1 + z + Math.sin(Math.PI * z) / Math.PI);
    },
    support: [lo, hi],
    breakpoints: [],
    symmetricAboutHalf: mu === 0.5,
  };
}

export function beta(a: number, b: number): ContinuousDistribution {
  if (!(Number.isFinite(a) && a > 0 && Number.isFinite(b) && b > 0)) {
    throw new SolhError(`beta(${a},${b}) needs both parameters > 0: e.g. beta(2,2)`);
  }
  // Loaded when a beta distribution is made: most of the core bundle's code, which every thread
  // of a grid would otherwise evaluate at start.
  const betaPdf = require('@stdlib/stats-base-dists-beta-pdf') as typeof betaPdfFn;
  const betaCdf = require('@stdlib/stats-base-dists-beta-cdf') as typeof betaCdfFn;
  return {
    kind: 'continuous',
    spec: `beta(${fmt(a)},${fmt(b)})`,
    pdf: (x) => (x <= 0 || x >= 1 ? 0 : betaPdf(x, a, b)),
    cdf: (x) => (x <= 0 ? 0 : x >= 1 ? 1 : betaCdf(x, a, b)),
    support: [0, 1],
    breakpoints: [],
    symmetricAboutHalf: a === b,
  };
}

/**
 * Any distribution given in code by its density and CDF (support inside [0, 1]).
 * `spec` names it in records, so it must identify the distribution uniquely.
 */
export function customDistribution(d: {
  spec: string;
  pdf: (x: number) => number;
  cdf: (x: number) => number;
  support?: [number, number];
  breakpoints?: number[];
  symmetricAboutHalf?: boolean;
}): ContinuousDistribution {
  const support = d.support ?? [0, 1];
  if (!(support[0] >= 0 && support[1] <= 1 && support[0] < support[1])) {
    throw new SolhError(`custom distribution ${d.spec}: support [${support}] must lie inside [0, 1]`);
  }
  return {
    kind: 'continuous',
    spec: d.spec,
    pdf: d.pdf,
    cdf: d.cdf,
    support,
    breakpoints: d.breakpoints ?? [],
    symmetricAboutHalf: d.symmetricAboutHalf ?? false,
  };
}

/**
 * One row per named distribution: its name in specs, its form and one line of help, and how its
 * arguments make the distribution. Parsing, the list of valid forms in messages and the help text
 * are generated from this table, and E(p) follows from what `make` returns (a point mass is the
 * step itself; a density is tabulated by quadrature). A new distribution is one row here.
 */
export interface DistributionForm {
  /** The name in a spec, lower case: `cosine` in `cosine(0.5,0.3)`. */
  name: string;
  /** Names of its numeric arguments, in order (none for `uniform`). */
  args: readonly string[];
  /** One line for help texts. */
  help: string;
  /** The distribution for these arguments (as many as `args`), or a SolhError naming the bad one. */
  make(args: number[]): ThresholdDistribution;
}

export const DISTRIBUTIONS: readonly DistributionForm[] = [
  { name: 'uniform', args: [], help: 'τ uniform on [0, 1]', make: () => uniform() },
  { name: 'cosine', args: ['μ', 's'], help: 'raised cosine on (μ − s, μ + s), e.g. cosine(0.5,0.3)', make: ([mu, s]) => raisedCosine(mu, s) },
  { name: 'point', args: ['τ0'], help: 'all mass at τ0 (the soft step itself), e.g. point(0.5)', make: ([tau0]) => pointMass(tau0) },
  { name: 'beta', args: ['a', 'b'], help: 'Beta(a, b) density, e.g. beta(2,2)', make: ([a, b]) => beta(a, b) },
];

/** How a row is written: `uniform`, `cosine(μ,s)`. */
const formOf = (d: DistributionForm): string => (d.args.length ? `${d.name}(${d.args.join(',')})` : d.name);

/** The valid forms, for messages: uniform, cosine(μ,s), point(τ0), beta(a,b). */
export function distributionForms(table: readonly DistributionForm[] = DISTRIBUTIONS): string[] {
  return table.map(formOf);
}

/** Help lines, one per distribution: its form and what it is. */
export function distributionHelp(table: readonly DistributionForm[] = DISTRIBUTIONS): string[] {
  const width = Math.max(...table.map((d) => formOf(d).length));
  return table.map((d) => `${formOf(d).padEnd(width)}  ${d.help}`);
}

/** Parses a distribution spec such as `uniform`, `cosine(0.5,0.3)`, `point(0.5)`, `beta(2,2)` against a table (default: the shipped one). */
export function parseDistribution(text: string, table: readonly DistributionForm[] = DISTRIBUTIONS): ThresholdDistribution {
  const m = /^\s*([a-z]+)\s*(?:\(([^()]*)\))?\s*$/i.exec(text);
  const fail = (why: string): never => {
    throw new SolhError(`bad threshold distribution "${text}": ${why}; valid forms: ${distributionForms(table).join(', ')}`);
  };
  if (!m) return fail('not of the form name or name(args)');
  const name = m[1].toLowerCase();
  const args = m[2] === undefined ? [] : m[2].split(',').map((a) => a.trim());
  const nums = args.map((a) => (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(a) ? Number(a) : NaN));
  if (nums.some((x) => !Number.isFinite(x))) fail('arguments must be numbers');
  const form = table.find((d) => d.name === name);
  if (!form) return fail(`unknown distribution "${name}"`);
  const n = form.args.length;
  if (nums.length !== n) fail(`${name} takes ${n} argument${n === 1 ? '' : 's'}`);
  return form.make(nums);
}
