/**
 * The parameter registry: each flag's choices and defaults equal those of the module that owns the
 * value (the registry writes out the reporting modules' values so that help loads none of them),
 * every setting a flag sets exists, parsers refuse bad text in one line naming the flag, and every
 * param is used.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PARAMS, Param, ParamName, parseParam, flagOfSetting, AT_CHOICES, PAIRED_TEST_CHOICES, BAND_CHOICES, FORMAT_CHOICES, COMPARE_DEFAULT, BAYES_DEFAULT, MINMAX_MAX_SEEDS } from '../../src/cli/params';
import { AT } from '../../src/report/query';
import { COMPARE_DEFAULTS, PAIRED_TESTS } from '../../src/report/compare';
import { BANDS, MINMAX_MAX_SEEDS as FIGURE_MINMAX_MAX_SEEDS } from '../../src/report/figures/data';
import { checkFormat } from '../../src/report/rows';
import { DEFAULT_BAYES_SAMPLES, DEFAULT_ROPE } from '../../src/stats/bayes-signed-rank';
import { defaultJobs } from '../../src/experiment/runner';
import { loadConfig } from '../../src/experiment/config';
import { SolhError } from '../../src/errors';
import { COMMANDS } from '../../src/cli/commands';
import { CommandSpec } from '../../src/cli/command';
import { repoRoot } from '../helpers/paths';

test('choices and defaults written in the registry equal their owners\' values', () => {
  assert.deepEqual([...AT_CHOICES], [...AT]);
  assert.deepEqual([...PAIRED_TEST_CHOICES], [...PAIRED_TESTS]);
  assert.deepEqual([...BAND_CHOICES], [...BANDS]);
  assert.equal(MINMAX_MAX_SEEDS, FIGURE_MINMAX_MAX_SEEDS);
  for (const f of FORMAT_CHOICES) assert.equal(checkFormat(f), f);
  assert.throws(() => checkFormat('yaml'), new RegExp(`choose one of ${FORMAT_CHOICES.join(', ')}$`));
  const { confidence, test: pairedTest, margin, bootstrap, minBootstrapPairs } = COMPARE_DEFAULTS;
  assert.deepEqual(COMPARE_DEFAULT, { confidence, test: pairedTest, margin, bootstrap, minBootstrapPairs });
  assert.deepEqual(BAYES_DEFAULT, { rope: DEFAULT_ROPE, samples: DEFAULT_BAYES_SAMPLES });
  assert.equal(PARAMS.jobs.default, defaultJobs());
  assert.equal(PARAMS.at.default, COMPARE_DEFAULTS.at);
});

test('every setting a flag sets is a setting of configs/paper.json, and maps back to that flag', () => {
  const config = loadConfig(join(repoRoot(), 'configs/paper.json')) as unknown as Record<string, unknown>;
  // Settings a config may leave out (a default applies).
  const optional = new Set(['data.positive', 'data.delimiter', 'defaultSeeds']);
  const withSetting = (Object.entries(PARAMS) as [ParamName, Param][]).filter(([, p]) => p.setting);
  assert.ok(withSetting.length >= 12, `${withSetting.length} flags set a setting`);
  for (const [name, p] of withSetting) {
    const path = p.setting!.split('.');
    const parent = path.slice(0, -1).reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, config);
    assert.ok(parent && (Object.hasOwn(parent, path.at(-1)!) || optional.has(p.setting!)), `${name}: ${p.setting}`);
    assert.equal(flagOfSetting(p.setting!), p.flag.split(' ')[0], name);
  }
  assert.equal(flagOfSetting('loss.delta'), '--delta');
  assert.equal(flagOfSetting('training.learningRate'), undefined);
});

test('parsers refuse bad text in one SolhError naming the flag, and read good text', () => {
  const refuses = (name: ParamName, text: string, message: RegExp) =>
    assert.throws(() => parseParam(name, text), (e: unknown) => e instanceof SolhError && message.test(e.message), `${name} ${text}`);
  refuses('backend', 'tpu', /^--backend "tpu": choose one of auto, node, wasm, cpu$/);
  refuses('at', 'median', /^--at "median": choose one of 0\.5, tau$/);
  refuses('jobs', '1.5', /^--jobs: "1\.5" must be a whole number ≥ 1$/);
  refuses('seeds', '0', /^--seeds: "0" must be a whole number ≥ 1$/);
  refuses('seeds', '100001', /^--seeds 100001: at most 100000 \(the bound on the runs of a grid\)/);
  refuses('confidence', '1', /^--confidence 1: must lie strictly between 0 and 1, e.g\. 0\.95$/);
  refuses('margin', '-1', /^--margin -1: must lie strictly between 0 and 1 \(a difference in score units\), e\.g\. 0\.01$/);
  refuses('tolerance', '-1', /^--tolerance must be ≥ 0$/);
  refuses('delimiter', ';;', /^--delimiter ";;": give one character/);
  refuses('losses', 'bce,solh:cosine(0.5,0.3', /^--losses ".*": unclosed parenthesis in "solh:cosine\(0\.5,0\.3"/);
  refuses('p', '0,x', /^--p: "0,x" is not a comma-separated list of numbers/);
  assert.deepEqual(parseParam('losses', 'bce, sol:cosine(0.5,0.3)'), ['bce', 'sol:cosine(0.5,0.3)']);
  assert.equal(parseParam('delimiter', 'tab'), '\t');
  assert.deepEqual(parseParam('drop', 'a, b,'), ['a', 'b']);
  assert.equal(parseParam('categorical', ' auto '), 'auto');
  assert.equal(parseParam('confidence', '0.9'), 0.9);
  // A command's narrowed choices are checked the same way.
  assert.equal(parseParam(['at', { choices: [...AT_CHOICES, 'both'] }], 'both'), 'both');
});

test('every param is taken by some command, and a param is declared once', () => {
  const used = new Set<string>(['debug']); // the program's own (main.ts)
  const walk = (specs: CommandSpec[]): void => specs.forEach((s) => {
    for (const u of s.params ?? []) used.add(typeof u === 'string' ? u : u[0]);
    walk(s.subcommands ?? []);
  });
  walk(COMMANDS);
  assert.deepEqual(Object.keys(PARAMS).filter((p) => !used.has(p)), []);
  const flags = Object.values(PARAMS).map((p) => p.flag.split(' ')[0]);
  assert.equal(new Set(flags).size, flags.length);
});
