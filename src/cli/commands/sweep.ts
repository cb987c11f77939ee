/** `solh sweep`: every universe of a config's sweep, each into its own subfolder, with progress over the whole sweep. */
import { configFromFlags } from '../settings';
import { outFolder, sessionShard, printArrayScript, trainSession, sessionCounts, writeManifest, SWEEP_MANIFEST } from '../session';
import { expandSweep } from '../../experiment/sweep';
import { planRuns } from '../../experiment/grid';
import { selectShard } from '../../experiment/shard';
import { openStore } from '../../store/store';
import { SolhError } from '../../errors';
import type { Command } from 'commander';
import { paramsOf } from '../params';
import type { SessionFlags } from '../session';

/** Longest file name (in bytes) that common file systems take (NAME_MAX). */
const MAX_NAME_BYTES = 255;

export async function sweep(o: SessionFlags & { config: string; set?: string[]; seeds?: number; defaultSeeds?: number; list?: boolean }, cmd: Command): Promise<void> {
  // --seeds and --default-seeds are set after the config is read: they change the sweep's seeds, not one universe's settings.
  const { config, path } = configFromFlags(o, paramsOf(cmd).filter((p) => p !== 'seeds' && p !== 'defaultSeeds'));
  if (o.seeds !== undefined) {
    config.grid.seeds = Array.from({ length: o.seeds }, (_, i) => i);
    delete config.defaultSeeds;
  }
  if (o.defaultSeeds !== undefined) config.defaultSeeds = o.defaultSeeds;
  const universes = expandSweep(config, path); // bounded: checkSweepSize counts before it enumerates
  const shard = sessionShard(o, o.list);
  const plans = universes.map((u) => (shard ? selectShard(planRuns(u.config), shard) : planRuns(u.config)));
  const total = plans.reduce((a, p) => a + p.length, 0);
  if (o.list) {
    universes.forEach((u, i) => process.stdout.write(`${u.name}\t${plans[i].length} runs\t${u.config.grid.seeds.length} seeds\n`));
    process.stdout.write(`${universes.length} universes, ${total} runs\n`);
    return;
  }
  const out = outFolder(o, path);
  // Every universe's folder name is checked before the first universe trains.
  const tooLong = universes.find((u) => Buffer.byteLength(u.name) > MAX_NAME_BYTES);
  if (tooLong) {
    throw new SolhError(`universe folder name ${tooLong.name.slice(0, 60)}… is ${Buffer.byteLength(tooLong.name)} bytes, more than the ${MAX_NAME_BYTES} a file system allows: vary fewer settings at once, or shorten the values (e.g. fewer columns in data.drop)`);
  }
  if (universes.length === 0) throw new SolhError('the sweep has no universes');
  if (o.sbatch !== undefined) return printArrayScript(cmd, 'sweep', { ...o, sbatch: o.sbatch }, out, universes[0].config, plans.map((p) => p.length));
  openStore(out);
  const manifest = ['universe\tsettings\tseeds\truns', ...universes.map((u, i) => `${u.name}\t${JSON.stringify(u.settings)}\t${u.config.grid.seeds.length}\t${plans[i].length}`)];
  await writeManifest(out, SWEEP_MANIFEST, manifest.join('\n') + '\n');
  const result = await trainSession(universes, { out, jobs: o.jobs, backend: o.backend, force: Boolean(o.force), record: o.record, shard, quiet: Boolean(o.quiet), grids: { unit: 'universe', whole: 'sweep', total } });
  if (result.interruptedExit !== undefined) {
    process.exitCode = result.interruptedExit;
    return;
  }
  process.stderr.write(`${universes.length} universes: ${sessionCounts(result)}; records in ${out}/<universe>\n`);
  process.stdout.write(`${out}\n`);
}
