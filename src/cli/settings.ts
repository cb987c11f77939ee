/** From a command's flags to a validated Config: the config file, then the params that set a setting, then --set. */
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { SolhError } from '../errors';
import { Config, loadConfig, checkConfig } from '../experiment/config';
import { packageRoot } from '../experiment/package-info';
import { ParamUse, settingParams } from './params';

/** A config path as given, or else the one shipped with the package (configs/paper.json); refused, naming --config, when neither is there. */
export function resolveConfigPath(p: string | undefined): string {
  if (!p) return resolve(packageRoot(), 'configs/paper.json');
  if (existsSync(p)) return p;
  const shipped = resolve(packageRoot(), p);
  if (existsSync(shipped)) return shipped;
  throw new SolhError(`cannot read config file "${p}": check the path given to --config`);
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

/**
 * The config at `config` (or the shipped paper.json) with the values of `params` that the user gave
 * (parsed by the registry) laid over it, then each --set key=value, checked as a whole.
 */
export function configFromFlags(o: { config?: string; set?: string[] }, params: ParamUse[]): { config: Config; path: string } {
  const path = resolveConfigPath(o.config);
  const c = structuredClone(loadConfig(path)) as unknown as Record<string, unknown> & Config;
  for (const p of settingParams(params)) {
    const given = (o as Record<string, unknown>)[p.name];
    const value = given === undefined ? undefined : p.toSetting(given);
    if (value !== undefined) setPath(c, p.setting, value, p.setting);
  }
  for (const kv of o.set ?? []) {
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
