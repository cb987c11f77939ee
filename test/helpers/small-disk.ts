/**
 * A real small disk for full-disk tests: a tmpfs of a few hundred KB, mounted on a temporary
 * folder (needs root, or a container that allows mount). Where mount is not permitted the tests
 * that need it are skipped with the reason; the store's fault-injection tests still run.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './paths';

export interface SmallDisk {
  dir: string;
  /** Takes `kb` KB of the disk (as much as fits) with one file, replacing the last one, so that the next writes fill it sooner. */
  fill(kb: number): void;
  unmount(): void;
}

/** Mounts a tmpfs of `kb` KB, or returns why it cannot. */
export function mountSmallDisk(kb: number): SmallDisk | string {
  const dir = tempDir('solh-small-disk-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kb}k`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return `mount -t tmpfs is not permitted here (${(r.error?.message ?? r.stderr).trim()}): the real full-disk test is skipped`;
  let mounted = true;
  const unmount = () => {
    if (mounted) spawnSync('umount', [dir]);
    mounted = false;
  };
  process.on('exit', unmount); // before paths.ts removes the folder
  const fill = (k: number) => {
    try {
      writeFileSync(join(dir, 'filler'), Buffer.alloc(k * 1024));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e; // full: what was asked for
    }
  };
  return { dir, fill, unmount };
}
