/**
 * Errors of the runner. SolhError is the library's (one class, so `instanceof` holds across the
 * two packages); the CLI prints it without a stack trace.
 */
export { SolhError } from 'solh-losses/core';

/**
 * JSON.parse's complaint without the excerpt of the text that V8 quotes (cut mid-string, with its
 * quotes unbalanced), and with the line and column where it gives a position.
 */
export function describeJsonError(e: Error, text: string): string {
  const first = e.message.split('\n')[0];
  let m = e.message.replace(/,\s*(?:\.\.\.)?".*$/s, '').split('\n')[0];
  let pos: number | undefined;
  const at = /\s*in JSON at position (\d+).*$/s.exec(m);
  if (at) {
    pos = Number(at[1]);
    m = m.slice(0, at.index);
  } else {
    // "Unexpected token 'x', ..."<text around it>"... is not valid JSON": V8 quotes 10 characters
    // either side of the position; a short text is quoted whole.
    const token = /^Unexpected token '(.)'/.exec(first)?.[1];
    const quoted = /, (\.\.\.)?"(.*)"(?:\.\.\.)? is not valid JSON$/s.exec(e.message);
    if (token && quoted) {
      const idx = text.indexOf(quoted[2]);
      if (idx >= 0 && quoted[1]) pos = idx + 10;
      else if (text.indexOf(token) === text.lastIndexOf(token)) pos = text.indexOf(token);
    }
  }
  if (pos !== undefined && pos >= 0 && pos <= text.length) {
    const before = text.slice(0, pos);
    m += ` at line ${before.split('\n').length}, column ${pos - before.lastIndexOf('\n')}`;
  }
  return m;
}
