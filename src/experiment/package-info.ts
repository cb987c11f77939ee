/** Where the package lives and what it is, for records and for finding shipped files. */
import { existsSync } from 'node:fs';
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

export function packageVersions(): { solh: string; tfjs: string } {
  const root = packageRoot();
  const own = require(join(root, 'package.json')) as { version: string };
  const tfjs = require('@tensorflow/tfjs/package.json') as { version: string };
  return { solh: own.version, tfjs: tfjs.version };
}
