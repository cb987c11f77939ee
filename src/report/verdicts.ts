/**
 * Which verdicts survive the choices a paper left open: for every universe of a sweep, each loss
 * against the baseline (paired by seed, t interval, Holm within the universe and target, as
 * `solh compare` does), and per (target, loss) in how many universes it is better, worse or
 * undecided. Pure: universes of records in, rows out.
 */
import { RunRecord } from '../experiment/record';
import { SolhError } from '../errors';
import { COMPARE_DEFAULTS, compareRecords } from './compare';
import { At } from './query';
import { lossLabel } from './paper';
import { Column, Format, renderRows } from './rows';

export interface UniverseRecords {
  /** Folder name, e.g. `default` or `training.batchSize=32`. */
  name: string;
  /** Settings that differ from the default universe, by dotted path. */
  settings: Record<string, unknown>;
  records: RunRecord[];
}

export const VERDICTS = ['better', 'worse', 'no detectable difference', 'untested'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface VerdictRow {
  universe: Record<string, unknown>;
  name: string;
  target: string;
  loss: string;
  baseline: string;
  at: At;
  n: number;
  mean: number | null;
  ci: [number, number] | null;
  pHolm: number | null;
  verdict: Verdict;
}

export interface VerdictSummary {
  target: string;
  loss: string;
  better: number;
  worse: number;
  /** No detectable difference, or no test possible. */
  undecided: number;
  /** Universes where it is better / worse, by name. */
  betterIn: string[];
  worseIn: string[];
}

export interface VerdictOptions {
  baseline: string;
  at: At;
  confidence: number;
  /** A universe without a finished baseline run is left out and named here (else: it is an error). */
  onNoBaseline?: (universe: string) => void;
}

export function verdictRows(universes: UniverseRecords[], o: VerdictOptions): VerdictRow[] {
  const rows: VerdictRow[] = [];
  for (const u of universes) {
    if (o.onNoBaseline && !u.records.some((r) => r.key.loss === o.baseline && r.status === 'ok')) {
      o.onNoBaseline(u.name);
      continue;
    }
    const hashes = new Set(u.records.map((r) => `${r.configHash} on ${r.backend}`));
    if (hashes.size > 1) throw new SolhError(`universe ${u.name} holds records of ${hashes.size} protocols or backends (${[...hashes].join(', ')}): keep one protocol per universe folder`);
    // No bootstrap here: the verdict rests on the t interval and the Holm-corrected t p.
    const tables = compareRecords(u.records, { ...COMPARE_DEFAULTS, baseline: o.baseline, at: o.at, confidence: o.confidence, minBootstrapPairs: Infinity });
    for (const t of tables) {
      for (const r of t.rows) {
        const verdict: Verdict = r.direction === 'better' ? 'better' : r.direction === 'worse' ? 'worse' : r.direction === 'none' ? 'no detectable difference' : 'untested';
        rows.push({ universe: u.settings, name: u.name, target: t.target, loss: r.loss, baseline: o.baseline, at: o.at, n: r.n, mean: r.mean, ci: r.tCi, pHolm: r.tPHolm, verdict });
      }
    }
  }
  return rows;
}

/** Per (target, loss), in the order first met: how many universes say better, worse, undecided. */
export function summarize(rows: VerdictRow[]): VerdictSummary[] {
  const by = new Map<string, VerdictSummary>();
  for (const r of rows) {
    const k = `${r.target}|${r.loss}`;
    if (!by.has(k)) by.set(k, { target: r.target, loss: r.loss, better: 0, worse: 0, undecided: 0, betterIn: [], worseIn: [] });
    const s = by.get(k)!;
    if (r.verdict === 'better') {
      s.better++;
      s.betterIn.push(r.name);
    } else if (r.verdict === 'worse') {
      s.worse++;
      s.worseIn.push(r.name);
    } else s.undecided++;
  }
  return [...by.values()];
}

const signed = (x: number | null) => (x === null ? '–' : `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(4)}`);
const pValue = (p: number | null) => (p === null ? '–' : p < 1e-4 ? p.toExponential(1) : p.toFixed(4));
const raw = (x: number | null | undefined) => (x === null || x === undefined ? '' : String(x));
export const settingsText = (s: Record<string, unknown>) => (Object.keys(s).length ? Object.entries(s).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ') : 'default');

export function renderVerdicts(rows: VerdictRow[], format: Format, confidence: number): string {
  if (format === 'json') {
    return renderRows(rows, [], 'json', (r) => ({ universe: r.universe, name: r.name, target: r.target, loss: r.loss, baseline: r.baseline, at: r.at, n: r.n, mean: r.mean, ci: r.ci, pHolm: r.pHolm, verdict: r.verdict }));
  }
  if (format === 'csv') {
    return renderRows(rows, [
      { header: 'universe', text: (r) => r.name },
      { header: 'settings', text: (r) => settingsText(r.universe) },
      { header: 'target', text: (r) => r.target },
      { header: 'loss', text: (r) => r.loss },
      { header: 'baseline', text: (r) => r.baseline },
      { header: 'at', text: (r) => r.at },
      { header: 'n', text: (r) => String(r.n) },
      { header: 'mean', text: (r) => raw(r.mean) },
      { header: 'ci_low', text: (r) => raw(r.ci?.[0]) },
      { header: 'ci_high', text: (r) => raw(r.ci?.[1]) },
      { header: 'p_holm', text: (r) => raw(r.pHolm) },
      { header: 'verdict', text: (r) => r.verdict },
    ], 'csv');
  }
  const pct = `${+(confidence * 100).toFixed(2)}%`;
  const cols: Column<VerdictRow>[] = [
    { header: 'Settings', text: (r) => settingsText(r.universe) },
    { header: 'Loss', text: (r) => lossLabel(r.loss) },
    { header: 'n', text: (r) => String(r.n) },
    { header: 'mean Δ', text: (r) => signed(r.mean) },
    { header: `${pct} CI (t)`, text: (r) => (r.ci ? `[${signed(r.ci[0])}, ${signed(r.ci[1])}]` : '–') },
    { header: 'p Holm', text: (r) => pValue(r.pHolm) },
    { header: 'Verdict', text: (r) => r.verdict },
  ];
  const sumCols: Column<VerdictSummary>[] = [
    { header: 'Loss', text: (s) => lossLabel(s.loss) },
    { header: 'better', text: (s) => String(s.better) },
    { header: 'worse', text: (s) => String(s.worse) },
    { header: 'undecided', text: (s) => String(s.undecided) },
    { header: 'worse in', text: (s) => s.worseIn.join(', ') || '–' },
  ];
  const h = format === 'markdown' ? '#### ' : '';
  const blocks: string[] = [];
  const targets = [...new Set(rows.map((r) => r.target))];
  for (const target of targets) {
    const mine = rows.filter((r) => r.target === target);
    const { baseline, at } = mine[0];
    const universes = new Set(mine.map((r) => r.name)).size;
    blocks.push(
      `${h}Target ${target}: test ${target} ${at === 'tau' ? 'at each run\'s τ*' : 'at τ = 0.5'}, Δ = loss − ${lossLabel(baseline)} paired by seed, per universe\n` +
        `Holm over the losses of each universe and target; better/worse when the Holm p < ${+(1 - confidence).toFixed(4)} and the t CI excludes 0.\n\n` +
        renderRows(mine, cols, format),
      `${h}Target ${target}: in how many of the ${universes} universes each loss is better than ${lossLabel(baseline)}\n\n` + renderRows(summarize(mine), sumCols, format),
    );
  }
  return blocks.join('\n\n');
}
