/** What the plot and report commands share: reading a results folder, computing E(p) curves, and writing figure files. */
import { readRecordsForReading } from './records';
import { writeFileSync } from 'node:fs';
import { makeFolder } from '../experiment/folders';
import { join } from 'node:path';
import { RunRecord } from '../experiment/record';
import { parseLoss } from 'solh-losses/core';
import { softStepCurve } from 'solh-losses';
import { selectBackend } from '../engine/backend';
import { checkOneProtocol } from '../report/figures/data';
import { CurveSeries } from '../report/figures/curves';
import { targetsOf } from '../report/query';
import { SolhError } from '../errors';

/** Points on [0, 1] at which E(p) is drawn: enough that kinks of the linear steps look sharp. */
const CURVE_POINTS = 400;
/** PNG pixels per SVG unit: crisp on high-density screens and in documents. */
const PNG_ZOOM = 2;

/** The records of one protocol from a folder (corrupted files: see readRecordsForReading). */
export function loadRecords(dir: string): RunRecord[] {
  const records = readRecordsForReading(dir);
  checkOneProtocol(records, dir);
  return records;
}

/**
 * Figures drawn from per-epoch history or threshold curves need full records: lean ones keep
 * neither, and would give empty panels.
 */
export function requireFullRecords(records: RunRecord[], dir: string, what: string): void {
  const lean = records.filter((r) => r.lean).length;
  if (lean) throw new SolhError(`${dir} holds ${lean} lean records (no per-epoch history, no threshold curves), which ${what} needs: rerun with \`solh run --record full\` into another folder`);
}

/** The target asked for, checked against the records, or every target they have. */
export function targetsFor(records: RunRecord[], target: string | undefined, dir: string): string[] {
  const all = targetsOf(records);
  if (target === undefined) return all;
  if (!all.includes(target)) throw new SolhError(`no runs for target "${target}" in ${dir}: targets found are ${all.join(', ') || 'none'}`);
  return [target];
}

/** E(p) on an even grid for each loss that has a soft step (BCE has none and is left out). */
export async function curveSeries(losses: string[], delta: number, backend = 'auto'): Promise<CurveSeries[]> {
  const specs = losses.map((l) => parseLoss(l, delta)).filter((s) => s.step && s.dist);
  if (specs.length === 0) throw new SolhError(`${losses.join(', ')}: no loss with a soft step to draw (BCE has none): name sol, solh or soft-set losses, e.g. --losses solh:uniform,soft-set`);
  await selectBackend(backend);
  const ps = Array.from({ length: CURVE_POINTS + 1 }, (_, i) => i / CURVE_POINTS);
  return specs.map((s) => ({ loss: s.spec, points: softStepCurve(s, ps).map(({ p, h }) => ({ p, h })) }));
}

/**
 * Loads a figure module on first use. They import d3 and marked, which are ES modules: Node loads
 * them from CommonJS only from 20.19 / 22.12 on, so older Nodes fail here and not in other commands.
 */
export async function loadFigureModule<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_REQUIRE_ESM') {
      throw new SolhError(`figures need Node.js 20.19 or later (they load the ES-module libraries d3 and marked); this is Node ${process.version}: upgrade Node`);
    }
    throw e;
  }
}

function svgToPng(svg: string): Buffer {
  let resvg: typeof import('@resvg/resvg-js');
  try {
    resvg = require('@resvg/resvg-js');
  } catch (e) {
    throw new SolhError(`--png needs @resvg/resvg-js, which does not load on this platform (${(e as Error).message.split('\n')[0]}): leave out --png to get SVG, which any browser shows`);
  }
  const r = new resvg.Resvg(svg, { fitTo: { mode: 'zoom', value: PNG_ZOOM }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
  return r.render().asPng();
}

/** Writes each figure as NAME.svg (and NAME.png with png), returns the paths written. */
export function writeFigures(out: string, figures: { name: string; svg: string }[], png: boolean): string[] {
  makeFolder(out, (code) => `cannot create output folder "${out}" (${code}): choose another with --out`);
  const paths: string[] = [];
  const write = (path: string, data: string | Uint8Array) => {
    try {
      writeFileSync(path, data);
    } catch (e) {
      throw new SolhError(`cannot write "${path}" (${(e as NodeJS.ErrnoException).code ?? 'error'}): choose another folder with --out`);
    }
    paths.push(path);
  };
  for (const f of figures) {
    write(join(out, `${f.name}.svg`), f.svg + '\n');
    if (png) write(join(out, `${f.name}.png`), svgToPng(f.svg));
  }
  return paths;
}

export function printPaths(paths: string[]): void {
  process.stdout.write(paths.map((p) => `${p}\n`).join(''));
}
