/** `solh curve`: the expected soft step E(p) and its slope that a loss uses, at chosen p. */
import { checkDelta, parseLoss, LOSS_FAMILIES } from 'solh-losses/core';
import { softStepCurve } from 'solh-losses';
import { CLI_DELTA_FIX } from '../params';
import { renderRows } from '../../report/rows';
import { selectBackend } from '../../engine/backend';
import { SolhError } from '../../errors';
import type { Format } from '../../report/rows';

/** Most points one curve may have: a smooth plot needs hundreds; more only costs memory. */
const MAX_CURVE_POINTS = 100_000;

export async function curve(o: { method: string; dist: string; tau0: number; delta: number; p?: number[]; points: number; format: Format; backend: string }): Promise<void> {
  // Families whose registry entry says how to print their expected soft step.
  const curves = LOSS_FAMILIES.flatMap((f) => (f.curve ? [f.curve] : [])).sort((a, b) => a.position - b.position);
  const methods = curves.map((c) => c.method);
  checkDelta(o.delta, CLI_DELTA_FIX);
  const curve = curves.find((c) => c.method === o.method);
  if (!curve) throw new SolhError(`unknown method "${o.method}": choose one of ${methods.join(', ')}`);
  const spec = parseLoss(curve.specText({ dist: o.dist, tau0: () => o.tau0 }), o.delta);
  if (o.points > MAX_CURVE_POINTS) throw new SolhError(`--points ${o.points}: at most ${MAX_CURVE_POINTS}; ask for fewer points, or list the p you need with --p`);
  const ps = o.p ?? Array.from({ length: o.points + 1 }, (_, i) => i / o.points);
  if (ps.length > MAX_CURVE_POINTS + 1) throw new SolhError(`--p lists ${ps.length} values: at most ${MAX_CURVE_POINTS + 1}; list fewer`);
  const outside = ps.find((p) => !(p >= 0 && p <= 1));
  if (outside !== undefined) throw new SolhError(`--p: p = ${outside} is outside [0, 1]: give probabilities, e.g. --p 0,0.1,0.5`);
  await selectBackend(o.backend);
  const rows = softStepCurve(spec, ps);
  const out = renderRows<{ p: number; h: number; dh: number }>(
    rows,
    [
      { header: 'p', text: (r) => String(r.p) },
      { header: 'E(p)', text: (r) => r.h.toFixed(6) },
      { header: 'dE/dp', text: (r) => r.dh.toFixed(6) },
    ],
    o.format,
  );
  process.stdout.write((o.format === 'json' ? JSON.stringify(rows) : out) + '\n');
}
