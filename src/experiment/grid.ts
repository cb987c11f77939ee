/** The runs a config asks for: every (target, loss, seed), with cross-entropy losses (BCE) trained once per seed. */
import type { Config } from './config';
import { parseLoss } from 'solh-losses/core';
import { lossFamily } from 'solh-losses/core';
import { MAX_SEED, RunKey } from './record';
import { SolhError } from '../errors';
import { section, SettingsOf } from '../settings-schema';

/** The config's `grid` section: which runs to make (not hashed: each record holds its own key). */
export const GRID_SECTION = section({
  notProtocol: 'lists which runs to make; each run records its own key',
  required: ['targets', 'losses', 'seeds'],
  properties: {
    targets: { type: 'array', minItems: 1, items: { type: 'string' } },
    losses: { type: 'array', minItems: 1, items: { type: 'string' } },
    seeds: {
      type: 'array', minItems: 1,
      items: {
        type: 'integer', minimum: 0, maximum: MAX_SEED,
        boundReason: `a seed is part of each record's file name, which must spell it back exactly: seed${MAX_SEED}.json, while 1e21 would be written seed1e+21.json and never be found again`,
      },
    },
  },
});
export type GridSettings = SettingsOf<typeof GRID_SECTION>;

/** Most runs one grid may plan: far beyond any study (a run takes seconds), far below memory trouble. */
export const MAX_RUNS = 100_000;

/** Refuses a grid of more than MAX_RUNS runs before anything is allocated for it. */
function checkGridSize(losses: number, targets: number, seeds: number, what = 'the grid'): void {
  const runs = losses * targets * seeds;
  if (!(runs <= MAX_RUNS)) {
    throw new SolhError(`${what} has ${losses} losses × ${targets} targets × ${seeds} seeds = ${runs.toExponential(2)} runs, more than the bound of ${MAX_RUNS}: use fewer seeds, or split the study over several --out folders`);
  }
}

export function planRuns(c: Config): RunKey[] {
  checkGridSize(c.grid.losses.length, c.grid.targets.length, c.grid.seeds.length);
  const keys: RunKey[] = [];
  const specs = c.grid.losses.map((l) => parseLoss(l, c.loss.delta));
  for (const spec of specs.filter((s) => lossFamily(s.family).training === 'cross-entropy')) {
    for (const seed of c.grid.seeds) keys.push({ loss: spec.spec, target: null, seed });
  }
  for (const target of c.grid.targets) {
    for (const spec of specs.filter((s) => lossFamily(s.family).training === 'score')) {
      for (const seed of c.grid.seeds) keys.push({ loss: spec.spec, target, seed });
    }
  }
  return keys;
}
