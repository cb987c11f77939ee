/**
 * A sweep as data: from a config with `sweep` axes to its universes, each a complete config (its
 * own protocol and hash) named by the settings that differ from the default protocol. Pure: no
 * files, no training.
 *
 * one-at-a-time: the default protocol, then each axis varied alone (a value equal to the default
 * is the default universe, not a second copy). factorial: every combination of the axes' values.
 * The default universe (no setting varied) is named `default`; it runs seeds 0..defaultSeeds−1
 * when the config sets `defaultSeeds`, every other universe the grid's seeds. A universe does not
 * list the losses its settings cannot change (δ for BCE and SOL, see invariance.ts): their runs are
 * the default universe's.
 */
import { SolhError } from '../errors';
import { CONFIG_SETTINGS, Config, ConfigSchema, Design, canonical, checkConfig, declaredSetting, protocolOf } from './config';
import { settingsChangeLoss } from './invariance';
import { MAX_RUNS } from './grid';

export const DEFAULT_UNIVERSE = 'default';

export interface Universe {
  /** Folder name: `default`, or `path=value` per varied setting joined by `__`. */
  name: string;
  /** The settings that differ from the default protocol, by dotted path. */
  settings: Record<string, unknown>;
  config: Config;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** The value at a dotted path, or undefined when the path does not lead to one. */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const p of path.split('.')) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, p)) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) cur = cur[p] as Record<string, unknown>;
  cur[parts[parts.length - 1]] = structuredClone(value);
}

/** A value as it reads in a folder name: arrays joined by `+` (empty: `none`), unsafe characters as `_`. */
function valueSlug(v: unknown): string {
  const s = Array.isArray(v) ? (v.length ? v.map(valueSlug).join('+') : 'none') : typeof v === 'string' ? v : JSON.stringify(v);
  return s.replace(/[^A-Za-z0-9.+=-]+/g, '_');
}

export function universeName(settings: Record<string, unknown>): string {
  const keys = Object.keys(settings);
  return keys.length === 0 ? DEFAULT_UNIVERSE : keys.map((k) => `${k}=${valueSlug(settings[k])}`).join('__');
}

function checkAxes(c: Config, source: string, schema: ConfigSchema): void {
  const seen = new Set<string>();
  for (const a of c.sweep ?? []) {
    const top = a.path.split('.')[0];
    if (a.path.split('.').some((p) => FORBIDDEN_KEYS.has(p) || p === '')) throw new SolhError(`config ${source}: sweep path "${a.path}" is not a setting: write a dotted path such as training.batchSize`);
    const { notProtocol } = schema;
    if (Object.hasOwn(notProtocol, top)) throw new SolhError(`config ${source}: sweep path "${a.path}" is not a protocol setting (${notProtocol[top]}): sweep protocol settings only, and set the runs in grid (grid.seeds, grid.losses, grid.targets)`);
    // Any declared setting can be swept, also one the config leaves out (no default, or absent).
    if (declaredSetting(a.path, schema) === undefined) throw new SolhError(`config ${source}: sweep path "${a.path}" names no setting of the config: use a path such as training.batchSize (see configs/multiverse.json)`);
    if (seen.has(a.path)) throw new SolhError(`config ${source}: sweep lists the path "${a.path}" twice: give each axis once, with all its values`);
    seen.add(a.path);
  }
}

/**
 * Refuses a sweep of more than MAX_RUNS runs in all, counted from the axes before any universe is
 * made (a factorial sweep multiplies: 8 axes of 12 values are 430 million universes). Each universe
 * counts as its grid does in checkGridSize.
 */
function checkSweepSize(c: Config, source = 'config'): void {
  const axes = c.sweep ?? [];
  const factorial = (c.design ?? 'one-at-a-time') === 'factorial';
  const varied = factorial ? axes.reduce((n, a) => n * a.values.length, 1) : axes.reduce((n, a) => n + a.values.length, 0);
  const grid = c.grid.losses.length * c.grid.targets.length;
  const runs = grid * (c.defaultSeeds ?? c.grid.seeds.length) + (axes.length ? varied : 0) * grid * c.grid.seeds.length;
  if (!(runs <= MAX_RUNS)) {
    const how = axes.map((a) => a.values.length).join(factorial ? ' × ' : ' + ');
    throw new SolhError(
      `config ${source}: the sweep has up to ${runs.toExponential(2)} runs (${factorial ? 'factorial' : 'one-at-a-time'}, ${how} axis values, ${c.grid.losses.length} losses × ${c.grid.targets.length} targets × ${c.grid.seeds.length} seeds each), more than the bound of ${MAX_RUNS}: use fewer axis values or seeds, design one-at-a-time, or split the sweep over several configs`,
    );
  }
}

/** The universes of a config's sweep (one, `default`, when it has none), default first. */
export function expandSweep(c: Config, source = 'config', schema: ConfigSchema = CONFIG_SETTINGS): Universe[] {
  checkAxes(c, source, schema);
  checkSweepSize(c, source);
  const design: Design = c.design ?? 'one-at-a-time';
  const axes = c.sweep ?? [];
  const base = structuredClone(c);
  delete base.sweep;
  delete base.design;
  delete base.defaultSeeds;
  const protocol = (x: Config) => protocolOf(x, schema);
  const key = (x: Config) => canonical(protocol(x));
  const baseKey = key(base);
  const baseProtocol = protocol(base);
  const make = (settings: Record<string, unknown>): Config => {
    const raw = structuredClone(base) as unknown as Record<string, unknown>;
    for (const [p, v] of Object.entries(settings)) setPath(raw, p, v);
    const name = universeName(settings);
    return checkConfig(raw, `${source}, universe ${name}`, schema);
  };
  const combos: Record<string, unknown>[] =
    design === 'factorial'
      ? axes.reduce<Record<string, unknown>[]>((acc, a) => acc.flatMap((s) => a.values.map((v) => ({ ...s, [a.path]: v }))), [{}])
      : axes.flatMap((a) => a.values.map((v) => ({ [a.path]: v })));
  const universes: Universe[] = [{ name: DEFAULT_UNIVERSE, settings: {}, config: base }];
  const byKey = new Map<string, string>([[baseKey, DEFAULT_UNIVERSE]]);
  for (const combo of combos) {
    const config = make(combo);
    // Only what differs from the default protocol names the universe (a factorial combination at
    // defaults elsewhere; a setting at its unhashedAt value, such as evaluation.tauOn "train").
    const own = protocol(config);
    const settings = Object.fromEntries(Object.entries(combo).filter(([p]) => canonical(getPath(own, p)) !== canonical(getPath(baseProtocol, p))));
    const k = key(config);
    const name = universeName(settings);
    if (byKey.has(k)) {
      if (Object.keys(settings).length === 0 || byKey.get(k) === name) continue; // the default, or a value listed twice
      throw new SolhError(`config ${source}: universes ${byKey.get(k)} and ${name} are the same protocol: remove one of the values`);
    }
    if (universes.some((u) => u.name === name)) throw new SolhError(`config ${source}: two universes would share the folder name ${name}: make the axis values distinct`);
    byKey.set(k, name);
    config.grid.losses = config.grid.losses.filter((l) => settingsChangeLoss(settings, l));
    universes.push({ name, settings, config });
  }
  if (c.defaultSeeds !== undefined) universes[0].config.grid.seeds = Array.from({ length: c.defaultSeeds }, (_, i) => i);
  return universes;
}

/** The settings in which two protocols differ, by dotted path (arrays compared whole). */
export function differingSettings(p: unknown, base: unknown, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const isObj = (x: unknown) => x !== null && typeof x === 'object' && !Array.isArray(x);
  if (isObj(p) && isObj(base)) {
    const keys = [...new Set([...Object.keys(p as object), ...Object.keys(base as object)])].sort();
    for (const k of keys) Object.assign(out, differingSettings((p as Record<string, unknown>)[k], (base as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k));
    return out;
  }
  if (canonical(p) !== canonical(base)) out[prefix] = p;
  return out;
}
