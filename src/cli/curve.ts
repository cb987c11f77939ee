import { Command } from 'commander';
import { parseLoss } from 'solh-losses';
import { LOSS_FAMILIES, distributionForms } from 'solh-losses';
import { softStepCurve, CurvePoint } from 'solh-losses';
import { checkDelta } from 'solh-losses';
import { CLI_DELTA_FIX } from '../experiment/config';
import { checkFormat, renderRows } from '../report/rows';
import { parseNumber, parseNumberList, parseCount } from './parse';
import { selectBackend } from '../engine/backend';
import { SolhError } from '../errors';

/** Families whose registry entry says how to print their expected soft step. */
const CURVES = LOSS_FAMILIES.flatMap((f) => (f.curve ? [f.curve] : [])).sort((a, b) => a.position - b.position);
const METHODS = CURVES.map((c) => c.method);
/** Most points one curve may have: a smooth plot needs hundreds; more only costs memory. */
const MAX_CURVE_POINTS = 100_000;

export function curveCommand(): Command {
  return new Command('curve')
    .description('print the expected soft step E(p) and its slope dE/dp that a loss uses, at chosen p')
    .option('--method <m>', `one of ${METHODS.join(', ')}`, 'solh')
    .option('--dist <d>', `threshold distribution: ${distributionForms().join(', ')}`, 'uniform')
    .option('--tau0 <t>', 'threshold of soft-set', '0.5')
    .option('--delta <d>', 'slope δ of the linear step H^l, in (0, 0.5)', '0.1')
    .option('--p <list>', 'comma-separated probabilities in [0, 1]')
    .option('--points <n>', 'instead of --p: n + 1 evenly spaced points 0, 1/n, ..., 1', '10')
    .option('--format <f>', 'text, markdown, csv or json', 'text')
    .option('--backend <b>', 'auto, wasm, cpu or node', 'auto')
    .addHelpText('after', `
Example:
  $ npx solh curve --method solh --dist "cosine(0.5,0.3)" --delta 0.1 --p 0,0.1,0.5 --format json
  [{"p":0,"h":0,"dh":...},{"p":0.1,"h":0.038753,...},...]`)
    .action(async (o) => {
      const format = checkFormat(o.format);
      const delta = parseNumber(o.delta, '--delta');
      checkDelta(delta, CLI_DELTA_FIX);
      const curve = CURVES.find((c) => c.method === o.method);
      if (!curve) throw new SolhError(`unknown method "${o.method}": choose one of ${METHODS.join(', ')}`);
      const text = curve.specText({ dist: o.dist, tau0: () => parseNumber(o.tau0, '--tau0') });
      const spec = parseLoss(text, delta);
      const points = parseCount(o.points, '--points', 1);
      if (points > MAX_CURVE_POINTS) throw new SolhError(`--points ${o.points}: at most ${MAX_CURVE_POINTS}; ask for fewer points, or list the p you need with --p`);
      const ps = o.p !== undefined ? parseNumberList(o.p, '--p') : evenly(points);
      if (ps.length > MAX_CURVE_POINTS + 1) throw new SolhError(`--p lists ${ps.length} values: at most ${MAX_CURVE_POINTS + 1}; list fewer`);
      const outside = ps.find((p) => !(p >= 0 && p <= 1));
      if (outside !== undefined) throw new SolhError(`--p: p = ${outside} is outside [0, 1]: give probabilities, e.g. --p 0,0.1,0.5`);
      await selectBackend(o.backend);
      const rows = softStepCurve(spec, ps);
      const out = renderRows<CurvePoint>(
        rows,
        [
          { header: 'p', text: (r) => String(r.p) },
          { header: 'E(p)', text: (r) => r.h.toFixed(6) },
          { header: 'dE/dp', text: (r) => r.dh.toFixed(6) },
        ],
        format,
      );
      process.stdout.write((format === 'json' ? JSON.stringify(rows) : out) + '\n');
    });
}

function evenly(n: number): number[] {
  return Array.from({ length: n + 1 }, (_, i) => i / n);
}
