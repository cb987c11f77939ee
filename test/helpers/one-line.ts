/** The CLI's contract for a user-caused failure: one line on stderr, exit 2, no stack trace. */
import assert from 'node:assert/strict';

export function assertOneLineError(r: { status: number | null; stderr: string }, pattern: RegExp, what: string): string {
  assert.equal(r.status, 2, `${what}: exit status ${r.status}, stderr: ${r.stderr}`);
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  assert.equal(lines.length, 1, `${what}: expected one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0], /^solh: error: \S/, what);
  assert.match(lines[0], pattern, what);
  assert.doesNotMatch(r.stderr, /^\s+at /m, `${what}: no stack trace`);
  return lines[0];
}
