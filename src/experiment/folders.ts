/**
 * Creating an output folder one level at a time. Node 20's recursive mkdir spins forever (at full
 * CPU, deaf to Ctrl-C) on paths it cannot create such as /proc/x; a plain mkdir per level fails at
 * once with the reason instead.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SolhError } from '../errors';

/** Makes `dir` and its missing parents; a path that cannot be made is a SolhError built by `fail`. */
export function makeFolder(dir: string, fail: (code: string) => string): void {
  const missing: string[] = [];
  let cur = resolve(dir);
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(cur).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw new SolhError(fail(code ?? 'error'));
      missing.push(cur);
      const up = dirname(cur);
      if (up === cur) throw new SolhError(fail('ENOENT'));
      cur = up;
      continue;
    }
    if (!isDir) throw new SolhError(fail('ENOTDIR'));
    break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // Another process may have made it in the meantime.
      if (code === 'EEXIST' && statSync(d).isDirectory()) continue;
      throw new SolhError(fail(code ?? 'error'));
    }
  }
}
