/**
 * The loss families, one entry each: how a spec is parsed, how tables and figures name and draw
 * it, how it is trained, and the loss itself, both as a flat loss (the fused training step) and as
 * a TF.js loss op (the tfjs training step, scoreLoss). The CLI, the figures and the library read
 * this registry, so a new family is a change here only (and a test).
 *
 * No TF.js is loaded here: a family writes its loss op with the TF.js its caller hands it (LossOpTools).
 */
import type * as TF from '@tensorflow/tfjs';
import { SolhError } from './errors';
import { exactStep, linearStep, sigmoidStep, SoftStep } from './steps';
import { parseDistribution, pointMass, ThresholdDistribution, distributionForms } from './thresholds';
import type { ExpectedStep } from './expected-step';
import type { Average, Input } from './one-vs-rest';
import type { Score } from './scores';
import { FlatLoss, flatBce, flatScoreLoss } from './flat-loss';

/** A family's name: bce, soft-set, sol, solh, sigmoid (the `name` of its entry). */
export type LossFamilyName = string;

export interface LossSpec {
  /** Canonical text, as written in records and tables. */
  spec: string;
  family: LossFamilyName;
  /** For score losses: the soft step and the threshold distribution it is averaged over. */
  step?: SoftStep;
  dist?: ThresholdDistribution;
}

export interface LossFamily {
  name: LossFamilyName;
  /** The forms it accepts, for messages and help. */
  forms: string[];
  /** Whether the spec's head (the text before ':') names this family. */
  matches(head: string): boolean;
  /** The spec from its head and the text after ':' (undefined when there is none); δ is the slope of H^l. */
  parse(head: string, rest: string | undefined, delta: number, fail: (why: string) => never): LossSpec;
  /** The paper's name for a canonical spec of this family (docs/method.md §4.1 labels). */
  label(spec: string, rest: string): string;
  /**
   * Figure style: 'fixed' losses get one colour of their own; the others are coloured by the
   * threshold distribution (`colourKey`) and dashed by family, so SOL and SOLH over one distribution read as a pair.
   */
  style: { kind: 'fixed'; color: string; dash: string } | { kind: 'by-distribution'; dash: string; colourKey(rest: string): string };
  /**
   * How it is trained: a 'score' loss is trained once per target score (best − soft score of
   * the expected soft step); 'cross-entropy' is trained once for all targets.
   */
  training: 'score' | 'cross-entropy';
  /** Whether its runs read loss.delta (the slope of H^l): a universe varying only δ cannot change the others. */
  readsDelta: boolean;
  /** The `curve` command's --method name, for families with an expected soft step it can print. */
  curve?: { method: string; specText(o: { dist: string; tau0: () => number }): string; /** Place in the command's list. */ position: number };
  /**
   * Set on the family of the reference loss, the one every other is measured against: its
   * canonical spec. Figures draw it as a reference line; it is the default baseline of comparisons.
   */
  referenceSpec?: string;
  /** The loss on flat arrays for a parsed spec of this family and a target score (tables of 2^tableBits nodes). */
  flatLoss(spec: LossSpec, score: Score, tableBits: number): FlatLoss;
  /** The loss as a TF.js op, written with the TF.js in `tools`. */
  lossOp(spec: LossSpec, score: Score, o: LossOpOptions, tools: LossOpTools): LossOp;
}

/** A loss as a TF.js function of labels and model outputs, both [n] or [n, C], to a scalar with its gradient. */
export type LossFn = (y: TF.Tensor, x: TF.Tensor) => TF.Scalar;

/**
 * The form of a score loss's op (config loss.kernel): 'fused', one op whose value and gradient come
 * from the flat loss (fast for mini-batches), or 'ops', composed TF.js ops differentiated by
 * TF.js (binary only). The same function; tests hold them together.
 */
export type LossOpForm = 'fused' | 'ops';

export interface LossOpOptions {
  form: LossOpForm;
  tableBits: number;
  /** What the model outputs: 'logits' (the solh runner) or 'probabilities'. */
  from: Input;
  /** How C > 1 one-vs-rest columns are averaged. */
  average: Average;
  /**
   * Reads labels and outputs as row-major [n, C] arrays, checking their values (the Layers API's
   * check); without it they are read as they are, with C the outputs' second dimension.
   */
  read?: (y: TF.Tensor, x: TF.Tensor) => { y: ArrayLike<number>; x: ArrayLike<number>; classes: number };
}

export interface LossOp {
  fn: LossFn;
  /** The expected soft step as a tensor op (the 'ops' form of a score loss only). */
  expected?: ExpectedStep;
  /** Whether `fn` reads every batch through `read` (so checks it); a loss op that runs on the backend does not. */
  readsBatch: boolean;
  /** Frees what the op keeps on the backend. */
  dispose(): void;
}

/** What a family's loss op is written with: TF.js, and the score-loss op every score family shares (loss-op.ts). */
export interface LossOpTools {
  tf: typeof TF;
  scoreLossOp(step: SoftStep, dist: ThresholdDistribution, score: Score, o: LossOpOptions): LossOp;
}

/** The loss of the score families: best − score of the soft confusion matrix of the expected soft step. */
const scoreLoss = {
  training: 'score' as const,
  flatLoss: (spec: LossSpec, score: Score, tableBits: number) => flatScoreLoss(spec.step!, spec.dist!, score, tableBits),
  lossOp: (spec: LossSpec, score: Score, o: LossOpOptions, tools: LossOpTools) => tools.scoreLossOp(spec.step!, spec.dist!, score, o),
};

/** The distribution part of a spec, or a clear error. */
const distOf = (head: string, rest: string | undefined, fail: (why: string) => never): ThresholdDistribution =>
  rest ? parseDistribution(rest) : fail(`${head} needs a distribution after ":"`);

/** SOL C(0.5,0.3), SOLH uniform: the paper's short names. */
const paperLabel = (family: string, rest: string): string => `${family.toUpperCase()} ${rest.replace(/^cosine/, 'C')}`;

export const LOSS_FAMILIES: readonly LossFamily[] = [
  {
    name: 'bce',
    forms: ['bce'],
    matches: (head) => head === 'bce',
    parse: (_h, rest, _d, fail) => {
      if (rest !== undefined) fail('bce takes no argument');
      return { spec: 'bce', family: 'bce' };
    },
    label: () => 'BCE',
    style: { kind: 'fixed', color: '#333', dash: '' },
    training: 'cross-entropy',
    readsDelta: false,
    referenceSpec: 'bce',
    flatLoss: () => flatBce,
    // Per element, so [n, C] is C binary problems as for the score losses; the mean over all of them.
    lossOp: (_spec, _score, o, { tf }) => ({
      fn: (y, x) =>
        tf.tidy(() => {
          const labels = tf.reshape(y, x.shape).toFloat();
          return (o.from === 'logits' ? tf.losses.sigmoidCrossEntropy(labels, x) : tf.mean(tf.metrics.binaryCrossentropy(labels, x))) as TF.Scalar;
        }),
      readsBatch: false,
      dispose: () => undefined,
    }),
  },
  {
    name: 'soft-set',
    forms: ['soft-set', 'soft-set:τ0'],
    matches: (head) => head === 'soft-set',
    parse: (_h, rest, delta, fail) => {
      let tau0 = 0.5;
      if (rest !== undefined) {
        if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(rest)) fail('soft-set takes a threshold, e.g. soft-set:0.3');
        tau0 = Number(rest);
      }
      const dist = pointMass(tau0);
      return { spec: rest === undefined ? 'soft-set' : `soft-set:${tau0}`, family: 'soft-set', step: linearStep(delta), dist };
    },
    label: (spec) => (spec === 'soft-set' ? 'L_s (soft-set)' : spec),
    style: { kind: 'by-distribution', dash: '2 3', colourKey: (rest) => `point(${rest || '0.5'})` },
    ...scoreLoss,
    readsDelta: true,
    curve: { method: 'soft-set', specText: (o) => `soft-set:${o.tau0()}`, position: 2 },
  },
  {
    name: 'sol',
    forms: ['sol:<dist>'],
    matches: (head) => head === 'sol',
    parse: (head, rest, _d, fail) => {
      const dist = distOf(head, rest, fail);
      return { spec: `sol:${dist.spec}`, family: 'sol', step: exactStep, dist };
    },
    label: (_s, rest) => paperLabel('sol', rest),
    style: { kind: 'by-distribution', dash: '', colourKey: (rest) => rest },
    ...scoreLoss,
    readsDelta: false,
    curve: { method: 'sol', specText: (o) => `sol:${o.dist}`, position: 0 },
  },
  {
    name: 'solh',
    forms: ['solh:<dist>'],
    matches: (head) => head === 'solh',
    parse: (head, rest, delta, fail) => {
      const dist = distOf(head, rest, fail);
      return { spec: `solh:${dist.spec}`, family: 'solh', step: linearStep(delta), dist };
    },
    label: (_s, rest) => paperLabel('solh', rest),
    style: { kind: 'by-distribution', dash: '7 3', colourKey: (rest) => rest },
    ...scoreLoss,
    readsDelta: true,
    curve: { method: 'solh', specText: (o) => `solh:${o.dist}`, position: 1 },
  },
  {
    name: 'sigmoid',
    forms: ['sigmoid(k):<dist>'],
    matches: (head) => /^sigmoid\(.*\)$/.test(head),
    parse: (head, rest, _d, fail) => {
      const m = /^sigmoid\(\s*([^()]*)\s*\)$/.exec(head);
      if (!m) return fail(`unknown name "${head}"`);
      const k = Number(m[1]);
      if (m[1] === '' || !Number.isFinite(k)) fail('sigmoid(k) needs a number k');
      const step = sigmoidStep(k);
      const dist = distOf(head, rest, fail);
      return { spec: `sigmoid(${k}):${dist.spec}`, family: 'sigmoid', step, dist };
    },
    label: (spec) => spec,
    style: { kind: 'by-distribution', dash: '9 3 2 3', colourKey: (rest) => rest },
    ...scoreLoss,
    readsDelta: false,
  },
];

export const LOSS_FORMS = LOSS_FAMILIES.flatMap((f) => f.forms);

/** A spec split at its first ':' into a lower-cased head and the rest. */
function split(text: string): { head: string; rest: string | undefined } {
  const t = text.trim();
  const colon = t.indexOf(':');
  return { head: (colon < 0 ? t : t.slice(0, colon)).toLowerCase(), rest: colon < 0 ? undefined : t.slice(colon + 1).trim() };
}

/** The family a spec's text belongs to, and the text after ':' ('' when none); undefined for no family. */
export function familyOf(spec: string): { family: LossFamily; rest: string } | undefined {
  const { head, rest } = split(spec);
  const family = LOSS_FAMILIES.find((f) => f.matches(head));
  return family && { family, rest: rest ?? '' };
}

/**
 * Parses a loss spec; δ is the slope of H^l for soft-set and solh. `families` is the registry to
 * read (the shipped one by default; a test or a user may extend it).
 */
export function parseLoss(text: string, delta = 0.1, families: readonly LossFamily[] = LOSS_FAMILIES): LossSpec {
  const fail = (why: string): never => {
    throw new SolhError(`unknown loss "${text}": ${why}; valid forms: ${families.flatMap((f) => f.forms).join(', ')} with <dist> = ${distributionForms().join(' | ')}`);
  };
  const { head, rest } = split(text);
  const family = families.find((f) => f.matches(head));
  if (!family) return fail(`unknown name "${head}"`);
  return family.parse(head, rest, delta, fail);
}

/** The registry entry of a family name. */
export function lossFamily(name: LossFamilyName, families: readonly LossFamily[] = LOSS_FAMILIES): LossFamily {
  const family = families.find((f) => f.name === name);
  if (!family) throw new SolhError(`unknown loss family "${name}": known families are ${families.map((f) => f.name).join(', ')}`);
  return family;
}

/** Whether a canonical spec is trained once per target score (false for cross-entropy and for unknown text). */
export function isScoreLoss(spec: string): boolean {
  return familyOf(spec)?.family.training === 'score';
}

/** The paper's name for a loss spec, with the corrected labels; unknown text is its own label. */
export function lossLabel(spec: string): string {
  const f = familyOf(spec);
  return f ? f.family.label(spec, f.rest) : spec;
}

/** The reference loss's canonical spec (see LossFamily.referenceSpec). */
export function referenceLoss(): string {
  return LOSS_FAMILIES.find((f) => f.referenceSpec)!.referenceSpec!;
}

/** Whether a canonical spec is the reference loss. */
export function isReferenceLoss(spec: string): boolean {
  return familyOf(spec)?.family.referenceSpec === spec;
}
