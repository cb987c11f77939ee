/** Option parsers shared by commands: each turns a flag's text into a value or a one-line SolhError. */
import { SolhError } from '../errors';

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
