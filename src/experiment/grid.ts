/** The runs a config asks for: every (target, loss, seed), with cross-entropy losses (BCE) trained once per seed. */
import { Config } from './config';
import { parseLoss } from '../losses/loss';
import { lossFamily } from '../losses/families';
import { RunKey } from './record';

export function planRuns(c: Config): RunKey[] {
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
