/** Where the package lives and what it is, for records and for finding shipped files. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + __dirname);
    dir = up;
  }
  return dir;
}

let versions: { solh: string; tfjs: string } | undefined;

export function packageVersions(): { solh: string; tfjs: string } {
  // TF.js's version read as a file: require() of its package.json would register a TF.js module in
  // a process (a fused worker) that loads none.
  const version = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  return (versions ??= { solh: version(join(packageRoot(), 'package.json')), tfjs: version(require.resolve('@tensorflow/tfjs/package.json')) });
}
