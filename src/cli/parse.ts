/** Option parsers shared by commands: each turns a flag's text into a value or a one-line SolhError. */
import { SolhError } from '../errors';
import { PAIRED_TESTS, PairedTest } from '../report/compare';

export function parseNumberList(text: string, what: string): number[] {
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const nums = parts.map(Number);
  const bad = parts.find((s, i) => s === '' || !Number.isFinite(nums[i]));
  if (bad !== undefined || parts.length === 0) {
    throw new SolhError(`${what}: "${text}" is not a comma-separated list of numbers, e.g. 0,0.1,0.5`);
  }
  return nums;
}

export function parseNumber(text: string, what: string): number {
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x)) throw new SolhError(`${what}: "${text}" is not a number`);
  return x;
}

export function parseCount(text: string, what: string, min = 0): number {
  const x = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(x) || x < min) {
    throw new SolhError(`${what}: "${text}" must be a whole number ≥ ${min}`);
  }
  return x;
}

/** A comma-separated list of loss specs; commas inside parentheses belong to the spec (cosine(0.5,0.3)). */
export function parseLossList(text: string): string[] {
  let depth = 0;
  for (const ch of text) {
    depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
    if (depth < 0) throw new SolhError(`--losses "${text}": a ")" has no "(" before it: remove it, or open the parenthesis, e.g. solh:cosine(0.5,0.3)`);
  }
  if (depth > 0) {
    const open = text.slice(text.lastIndexOf('(') - text.slice(0, text.lastIndexOf('(')).split(',').pop()!.length);
    throw new SolhError(`--losses "${text}": unclosed parenthesis in "${open.trim()}": close it, e.g. solh:cosine(0.5,0.3)`);
  }
  return text.split(/,(?![^()]*\))/).map((s) => s.trim()).filter(Boolean);
}

/** --test: the paired test verdicts rest on. */
export function parsePairedTest(text: string): PairedTest {
  if (!(PAIRED_TESTS as readonly string[]).includes(text)) {
    throw new SolhError(`--test "${text}": choose one of ${PAIRED_TESTS.join(', ')} (corrected-t, the default, allows for resplits of one data set sharing rows)`);
  }
  return text as PairedTest;
}

/** --margin: the equivalence margin of TOST, in score units. */
export function parseMargin(text: string): number {
  const m = parseNumber(text, '--margin');
  if (!(m > 0 && m < 1)) throw new SolhError(`--margin ${text}: must lie strictly between 0 and 1 (a difference in score units), e.g. 0.01`);
  return m;
}

/** Help text shared by the commands that take --test and --margin. */
export const TEST_HELP = 'test the verdicts rest on: corrected-t (Nadeau & Bengio\'s corrected resampled t, for seeds that resplit one data set), t (paired t, assumes independent resplits) or wilcoxon (signed-rank, assumes independent resplits)';
export const MARGIN_HELP = 'equivalence margin: TOST (two one-sided tests, same variance as --test) calls a loss equivalent when Δ lies within ±margin';
