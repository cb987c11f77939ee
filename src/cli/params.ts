/**
 * Every flag of `solh`, declared once (as npm's CLI declares its params once): its argument, help
 * text, default, choices, parser and the config setting it sets. Commands name the params they take
 * (src/cli/commands/index.ts); a command may narrow a param's help, default or choices, never its
 * parser. A SolhError naming a setting is printed with the flag that sets it (src/cli/errors.ts).
 *
 * This module is read for `--help`, so it imports nothing that loads TensorFlow.js: the library's
 * parts come from solh-losses/core (SolhError, the distributions' forms), the backends and the
 * bound on a grid's runs from their modules (which load no TF.js either). The choices of the
 * reporting modules, which load the statistics and figure libraries, are written here and held
 * equal to theirs by test/cli/params.test.ts, so that help stays quick.
 */
import { Command, Option } from 'commander';
import { availableParallelism } from 'node:os';
import { SolhError, distributionForms, LOSS_FAMILIES } from 'solh-losses/core';
import type { At } from '../report/query';
import type { PairedTest } from '../report/compare';
import type { Band } from '../report/figures/data';
import { BACKEND_CHOICES } from '../engine/backend';
import { MAX_RUNS } from '../experiment/grid';
import { RECORD_MODES } from '../experiment/record';

/** A one-line usage error (exit 2). */
function usageError(message: string): never {
  throw new SolhError(message);
}

// Values of the reporting modules (see the header).
export const AT_CHOICES: readonly At[] = ['0.5', 'tau'];
export const PAIRED_TEST_CHOICES: readonly PairedTest[] = ['corrected-t', 't', 'wilcoxon'];
export const BAND_CHOICES: readonly Band[] = ['auto', 'minmax', 'sd'];
export const FORMAT_CHOICES = ['text', 'markdown', 'csv', 'json'] as const;
export const COMPARE_DEFAULT = { confidence: 0.95, test: 'corrected-t' as PairedTest, margin: 0.01, bootstrap: 10_000, minBootstrapPairs: 5 };
/** stats/bayes-signed-rank's DEFAULT_ROPE and DEFAULT_BAYES_SAMPLES. */
export const BAYES_DEFAULT = { rope: 0.01, samples: 50_000 };
/** report/figures/data's MINMAX_MAX_SEEDS: up to this many seeds, --band auto draws min–max. */
export const MINMAX_MAX_SEEDS = 5;

/** How curve and plot curves say to set δ (they take --delta, not --set; the library's own messages name its option stepSlope). */
export const CLI_DELTA_FIX = 'set loss.delta (or --delta) to a value such as 0.1';

export const DEFAULT_BENCH_OUT = 'results/benchmark';
export const DEFAULT_FIGURES_OUT = 'figures';

// Parsers: each turns a flag's text into a value, or refuses it in one line naming the flag.
function parseNumber(text: string, flag: string): number {
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x)) usageError(`${flag}: "${text}" is not a number`);
  return x;
}

function parseCount(text: string, flag: string, min = 0): number {
  const x = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(x) || x < min) usageError(`${flag}: "${text}" must be a whole number ≥ ${min}`);
  return x;
}

function parseNumberList(text: string, flag: string): number[] {
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const nums = parts.map(Number);
  const bad = parts.find((s, i) => s === '' || !Number.isFinite(nums[i]));
  if (bad !== undefined || parts.length === 0) usageError(`${flag}: "${text}" is not a comma-separated list of numbers, e.g. 0,0.1,0.5`);
  return nums;
}

/** A comma-separated list of loss specs; commas inside parentheses belong to the spec (cosine(0.5,0.3)). */
function parseLossList(text: string): string[] {
  let depth = 0;
  for (const ch of text) {
    depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
    if (depth < 0) usageError(`--losses "${text}": a ")" has no "(" before it: remove it, or open the parenthesis, e.g. solh:cosine(0.5,0.3)`);
  }
  if (depth > 0) {
    const open = text.slice(text.lastIndexOf('(') - text.slice(0, text.lastIndexOf('(')).split(',').pop()!.length);
    usageError(`--losses "${text}": unclosed parenthesis in "${open.trim()}": close it, e.g. solh:cosine(0.5,0.3)`);
  }
  return text.split(/,(?![^()]*\))/).map((s) => s.trim()).filter(Boolean);
}

const list = (text: string): string[] => text.split(',').map((s) => s.trim()).filter(Boolean);
const count = (min: number) => (text: string, flag: string) => parseCount(text, flag, min);
const between0and1 = (example: string, what = '') => (text: string, flag: string) => {
  const x = parseNumber(text, flag);
  if (!(x > 0 && x < 1)) usageError(`${flag} ${text}: must lie strictly between 0 and 1${what}, e.g. ${example}`);
  return x;
};

export interface Param {
  /** Commander's flag: name and argument, e.g. '--jobs <n>'. */
  flag: string;
  description: string;
  default?: unknown;
  /** Shown in help; any other value is refused with the list. */
  choices?: readonly string[];
  /** From the flag's text to its value; refuses bad text with a usageError. */
  parse?: (text: string, flag: string) => unknown;
  /** The config setting the flag sets: a SolhError naming this setting is printed with the flag. */
  setting?: string;
  /** The setting's value from the flag's; undefined keeps the config's. Default: the value itself. */
  toSetting?: (value: never) => unknown;
}

/** The `curve` command's methods: the loss families whose registry entry says how to print their E(p). */
const curveMethods = (): string[] => LOSS_FAMILIES.flatMap((f) => (f.curve ? [f.curve] : [])).sort((a, b) => a.position - b.position).map((c) => c.method);

const RESULTS = 'results folder';

export const PARAMS = {
  // Where a grid comes from and what it trains.
  config: { flag: '--config <file>', description: 'protocol and grid (JSON; "extends": "paper.json" starts from another config)', default: 'configs/paper.json' },
  suite: { flag: '--suite <file>', description: 'the suite: base config and tasks (JSON)', default: 'configs/benchmark.json' },
  tasks: { flag: '--tasks <list>', description: 'only these tasks, a comma list of names' },
  target: {
    flag: '--target <t>',
    description: 'score to train for: f1, accuracy, any registered score, a comma list, or all (the config\'s targets)',
    default: 'all',
    setting: 'grid.targets',
    toSetting: (t: string) => (t === 'all' ? undefined : t.split(',').map((s) => s.trim())),
  },
  seeds: {
    flag: '--seeds <n>',
    description: 'use seeds 0, 1, ..., n−1 instead of the config\'s',
    parse: (text: string, flag: string) => {
      const n = parseCount(text, flag, 1);
      if (n > MAX_RUNS) usageError(`${flag} ${text}: at most ${MAX_RUNS} (the bound on the runs of a grid): use fewer seeds, or split the study over several --out folders`);
      return n;
    },
    setting: 'grid.seeds',
    toSetting: (n: number) => Array.from({ length: n }, (_, i) => i),
  },
  defaultSeeds: { flag: '--default-seeds <n>', description: 'seeds 0..n−1 in the default universe (overrides defaultSeeds)', parse: count(1), setting: 'defaultSeeds' },
  losses: { flag: '--losses <list>', description: 'comma-separated loss specs instead of the config\'s, e.g. bce,solh:uniform', parse: parseLossList, setting: 'grid.losses' },
  maxEpochs: { flag: '--max-epochs <n>', description: 'at most this many epochs per run (changes the protocol: for trials)', parse: count(1), setting: 'training.maxEpochs' },
  delta: { flag: '--delta <d>', description: 'slope δ of the linear step H^l, in (0, 0.5) (default: the config\'s loss.delta, 0.1 in configs/paper.json)', parse: parseNumber, setting: 'loss.delta' },
  set: { flag: '--set <key=value...>', description: 'override any config setting, e.g. --set training.learningRate=0.01' },
  // Your own data.
  data: { flag: '--data <file>', description: 'CSV file with a header row', setting: 'data.path' },
  label: { flag: '--label <col>', description: 'label column (0/1, or see --positive)', setting: 'data.label' },
  positive: { flag: '--positive <value>', description: 'label value that means the positive class', setting: 'data.positive' },
  delimiter: {
    flag: '--delimiter <c>',
    description: 'field separator of the CSV file: one character, or "tab" (default: guessed from the header among comma, semicolon and tab)',
    // One character, or the word "tab" (a tab is awkward to type in a shell).
    parse: (text: string) => {
      const d = text === 'tab' || text === '\\t' ? '\t' : text;
      if (d.length !== 1) usageError(`--delimiter "${text}": give one character, e.g. --delimiter ";" or --delimiter tab`);
      return d;
    },
    setting: 'data.delimiter',
  },
  drop: { flag: '--drop <cols>', description: 'comma-separated columns not to use as features', parse: list, setting: 'data.drop' },
  categorical: {
    flag: '--categorical <cols>',
    description: 'auto (one-hot encode every non-numeric column), none, or a comma list of columns (default: the config\'s data.categorical, auto in the shipped configs)',
    parse: (text: string) => (text.trim() === 'auto' || text.trim() === 'none' ? text.trim() : list(text)),
    setting: 'data.categorical',
  },
  missing: {
    flag: '--missing <how>',
    description: 'missing cells (empty, NA, N/A, ?, null, NaN): refuse, leave the rows out, or fill in (median + indicator, "missing" category); default: the config\'s data.missing, error in configs/paper.json',
    choices: ['error', 'drop-rows', 'impute'],
    setting: 'data.missing',
  },
  // How a grid runs.
  jobs: { flag: '--jobs <n>', description: 'parallel worker threads', default: availableParallelism(), parse: count(1) },
  backend: { flag: '--backend <b>', description: 'TensorFlow.js backend', choices: BACKEND_CHOICES, default: 'auto' },
  out: { flag: '--out <path>', description: 'results folder (default: runs/<config name>)' },
  shard: { flag: '--shard <i/n>', description: 'run only part i of n (0-based) of the grid, for job arrays; auto: the part from SLURM_ARRAY_TASK_ID (count: the array\'s size) or, with auto/n, from JOB_COMPLETION_INDEX; join the parts with `solh merge`' },
  sbatch: { flag: '--sbatch <n>', description: 'print a Slurm job-array script of n tasks for this command (with its merge as a dependent job), train only a probe to measure memory', parse: count(1) },
  record: { flag: '--record <mode>', description: 'full: one JSON file per run; lean: one JSON line per run (no history or curves)', choices: RECORD_MODES, default: 'full' },
  list: { flag: '--list', description: 'print the grids and their run counts, train nothing' },
  force: { flag: '--force', description: 'rerun runs that are already recorded' },
  quiet: { flag: '--quiet', description: 'no progress lines' },
  // Reading results.
  results: { flag: '--results <dir>', description: RESULTS, default: 'results/paper' },
  snapshot: { flag: '--snapshot <dir>', description: 'reference records', default: 'results/paper' },
  tolerance: {
    flag: '--tolerance <x>',
    description: 'largest allowed absolute difference of any number',
    default: 0,
    parse: (text: string, flag: string) => {
      const x = parseNumber(text, flag);
      if (x < 0) usageError('--tolerance must be ≥ 0');
      return x;
    },
  },
  compare: { flag: '--compare <what>', description: '"paper": show the paper\'s printed value and the difference beside each of ours', choices: ['paper'] },
  baseline: { flag: '--baseline <loss>', description: 'loss spec every other loss is compared with (any loss, e.g. sol:uniform)', default: 'bce' },
  allPairs: { flag: '--all-pairs', description: 'compare every pair of losses (later − earlier in the paper\'s order), Holm over all pairs of a table' },
  score: { flag: '--score <s>', description: 'test score compared (default: the target)' },
  at: { flag: '--at <threshold>', description: '"0.5": the test score at threshold 0.5; "tau": at each run\'s τ*', choices: AT_CHOICES, default: '0.5' },
  confidence: { flag: '--confidence <c>', description: 'level of the intervals; verdicts test at 1 − c', default: COMPARE_DEFAULT.confidence, parse: between0and1('0.95') },
  test: {
    flag: '--test <t>',
    description: 'test the verdicts rest on: corrected-t (Nadeau & Bengio\'s corrected resampled t, for seeds that resplit one data set), t (paired t, assumes independent resplits) or wilcoxon (signed-rank, assumes independent resplits)',
    choices: PAIRED_TEST_CHOICES,
    default: COMPARE_DEFAULT.test,
  },
  margin: {
    flag: '--margin <m>',
    description: 'equivalence margin: TOST (two one-sided tests, same variance as --test) calls a loss equivalent when Δ lies within ±margin',
    default: COMPARE_DEFAULT.margin,
    parse: between0and1('0.01', ' (a difference in score units)'),
  },
  bootstrap: { flag: '--bootstrap <n>', description: `bootstrap resamples of the seeds (interval shown when n ≥ ${COMPARE_DEFAULT.minBootstrapPairs} pairs)`, default: COMPARE_DEFAULT.bootstrap, parse: count(1) },
  rope: {
    flag: '--rope <r>',
    description: 'half-width of the Bayesian test\'s region of practical equivalence, in score units',
    default: BAYES_DEFAULT.rope,
    parse: (text: string, flag: string) => {
      const x = parseNumber(text, flag);
      if (!(x >= 0)) usageError(`--rope ${text}: give a half-width ≥ 0 in the score's units, e.g. 0.01`);
      return x;
    },
  },
  alpha: {
    flag: '--alpha <a>',
    description: 'level of the Nemenyi critical difference',
    default: 0.05,
    parse: (text: string, flag: string) => {
      const x = parseNumber(text, flag);
      if (!(x > 0 && x < 1)) usageError(`--alpha ${text}: give a level between 0 and 1, e.g. 0.05`);
      return x;
    },
  },
  samples: { flag: '--samples <n>', description: 'Monte Carlo draws of the Bayesian signed-rank test', default: BAYES_DEFAULT.samples, parse: count(1) },
  format: { flag: '--format <f>', description: 'text, markdown, csv or json', choices: FORMAT_CHOICES, default: 'text' },
  // E(p) curves.
  method: { flag: '--method <m>', description: `loss family whose expected soft step is printed: ${curveMethods().join(', ')}`, default: 'solh' },
  dist: { flag: '--dist <d>', description: `threshold distribution: ${distributionForms().join(', ')}`, default: 'uniform' },
  tau0: { flag: '--tau0 <t>', description: 'threshold of soft-set', default: 0.5, parse: parseNumber },
  p: { flag: '--p <list>', description: 'comma-separated probabilities in [0, 1]', parse: parseNumberList },
  points: { flag: '--points <n>', description: 'instead of --p: n + 1 evenly spaced points 0, 1/n, ..., 1', default: 10, parse: count(1) },
  // Figures.
  png: { flag: '--png', description: 'also write a PNG beside each SVG' },
  band: { flag: '--band <b>', description: `band around the mean: minmax, sd (± 1 sd) or auto (min–max up to ${MINMAX_MAX_SEEDS} seeds, else sd)`, choices: BAND_CHOICES, default: 'auto' },
  seed: { flag: '--seed <s>', description: 'seed whose runs are drawn (default: the smallest)', parse: count(0) },
  // The program's own (main.ts).
  debug: { flag: '--debug', description: 'print stack traces on errors' },
} satisfies Record<string, Param>;

export type ParamName = keyof typeof PARAMS;
/** How a command narrows a param: its own default, help text or (narrower or wider) choices. */
export type ParamUse = ParamName | [ParamName, { default?: unknown; description?: string; choices?: readonly string[]; required?: boolean }];

/** The param with a command's narrowing applied. */
function resolveUse(use: ParamUse): Param & { name: ParamName; required?: boolean } {
  const [name, own] = typeof use === 'string' ? [use, {}] : use;
  return { ...(PARAMS[name] as Param), ...own, name };
}

/** A param's text as its flag's parser reads it: checked against the choices, or parsed (scripts read flags this way too). */
export function parseParam(use: ParamUse, text: string): unknown {
  const p = resolveUse(use);
  const flag = p.flag.split(' ')[0];
  if (p.choices) return p.choices.includes(text) ? text : usageError(`${flag} "${text}": choose one of ${p.choices.join(', ')}`);
  return p.parse ? p.parse(text, flag) : text;
}

/**
 * A Commander option for a param. Choices are checked by the param's parser, not by Commander, so
 * that a bad value is a SolhError like any other (one line, exit 2, also when main runs in process).
 */
export function paramOption(use: ParamUse): Option {
  const p = resolveUse(use);
  const o = new Option(p.flag, p.description);
  if (p.choices) o.choices(p.choices);
  if (p.choices || p.parse) o.argParser((text: string) => parseParam(use, text));
  if (p.default !== undefined) o.default(p.default);
  if (p.required) o.makeOptionMandatory();
  return o;
}

/** The params of a command that set a config setting: name, setting, and how the value becomes the setting's. */
export function settingParams(uses: ParamUse[]): { name: ParamName; setting: string; toSetting: (v: unknown) => unknown }[] {
  return uses.map(resolveUse).flatMap((p) => (p.setting ? [{ name: p.name, setting: p.setting, toSetting: (p.toSetting as ((v: unknown) => unknown) | undefined) ?? ((v: unknown) => v) }] : []));
}

/** The params a Commander command was built with (its options' names are the registry's). */
export function paramsOf(cmd: Command): ParamName[] {
  return cmd.options.map((o) => o.attributeName()).filter((n): n is ParamName => Object.hasOwn(PARAMS, n));
}

/** The flag that sets a config setting, e.g. 'loss.delta' → '--delta'. */
export function flagOfSetting(setting: string): string | undefined {
  const p = (Object.values(PARAMS) as Param[]).find((x) => x.setting === setting);
  return p?.flag.split(' ')[0];
}
