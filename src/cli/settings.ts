/** From `solh run` flags to a validated Config: the config file, then named flags, then --set. */
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { SolhError } from '../errors';
import { Config, loadConfig, checkConfig } from '../experiment/config';
import { packageRoot } from '../experiment/package-info';
import { parseCount, parseNumber, parseLossList } from './parse';
import { MAX_RUNS } from '../experiment/grid';

export interface RunFlags {
  config?: string;
  target?: string;
  seeds?: string;
  losses?: string;
  maxEpochs?: string;
  data?: string;
  label?: string;
  drop?: string;
  positive?: string;
  categorical?: string;
  missing?: string;
  delimiter?: string;
  delta?: string;
  set?: string[];
}

/** A config path as given, or else the one shipped with the package (configs/paper.json). */
export function resolveConfigPath(p: string | undefined): string {
  if (!p) return resolve(packageRoot(), 'configs/paper.json');
  if (existsSync(p)) return p;
  const shipped = resolve(packageRoot(), p);
  return existsSync(shipped) ? shipped : p;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

function setPath(obj: Record<string, unknown>, path: string, value: unknown, source: string): void {
  const parts = path.split('.');
  let cur: Record<string, unknown> = obj;
  // Own keys only: "__proto__.x" must not reach Object.prototype.
  if (parts.some((p) => FORBIDDEN_KEYS.has(p))) throw new SolhError(`${source}: unknown setting "${path}": see configs/paper.json for the names`);
  for (const p of parts.slice(0, -1)) {
    if (!Object.hasOwn(cur, p) || !cur[p] || typeof cur[p] !== 'object') throw new SolhError(`${source}: unknown setting "${path}": see configs/paper.json for the names`);
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}

/** One character, or the word "tab" (a tab is awkward to type in a shell). */
function parseDelimiter(text: string): string {
  const d = text === 'tab' || text === '\\t' ? '\t' : text;
  if (d.length !== 1) throw new SolhError(`--delimiter "${text}": give one character, e.g. --delimiter ";" or --delimiter tab`);
  return d;
}

export function configFromFlags(f: RunFlags): { config: Config; path: string } {
  const path = resolveConfigPath(f.config);
  const c = structuredClone(loadConfig(path)) as unknown as Record<string, unknown> & Config;
  if (f.target !== undefined && f.target !== 'all') c.grid.targets = f.target.split(',').map((s) => s.trim());
  if (f.seeds !== undefined) {
    const n = parseCount(f.seeds, '--seeds', 1);
    if (n > MAX_RUNS) throw new SolhError(`--seeds ${f.seeds}: at most ${MAX_RUNS} (the bound on the runs of a grid): use fewer seeds, or split the study over several --out folders`);
    c.grid.seeds = Array.from({ length: n }, (_, i) => i);
  }
  if (f.losses !== undefined) c.grid.losses = parseLossList(f.losses);
  if (f.maxEpochs !== undefined) c.training.maxEpochs = parseCount(f.maxEpochs, '--max-epochs', 1);
  if (f.data !== undefined) c.data.path = f.data;
  if (f.label !== undefined) c.data.label = f.label;
  if (f.drop !== undefined) c.data.drop = f.drop.split(',').map((s) => s.trim()).filter(Boolean);
  if (f.positive !== undefined) c.data.positive = f.positive;
  if (f.categorical !== undefined) {
    const v = f.categorical.trim();
    c.data.categorical = v === 'auto' || v === 'none' ? v : v.split(',').map((s) => s.trim()).filter(Boolean);
  }
  if (f.missing !== undefined) c.data.missing = f.missing as Config['data']['missing'];
  if (f.delimiter !== undefined) c.data.delimiter = parseDelimiter(f.delimiter);
  if (f.delta !== undefined) c.loss.delta = parseNumber(f.delta, '--delta');
  for (const kv of f.set ?? []) {
    const eq = kv.indexOf('=');
    if (eq < 1) throw new SolhError(`--set "${kv}": write key=value, e.g. --set training.learningRate=0.01`);
    let value: unknown;
    try {
      value = JSON.parse(kv.slice(eq + 1));
    } catch {
      value = kv.slice(eq + 1);
    }
    setPath(c, kv.slice(0, eq), value, '--set');
  }
  return { config: checkConfig(c, path + ' with flags'), path };
}
