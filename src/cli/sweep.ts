/** `solh sweep`: every universe of a config's sweep, each into its own subfolder, with progress over the whole sweep. */
import { Command, Option } from 'commander';
import { basename, join } from 'node:path';
import { constants } from 'node:os';
import { configFromFlags } from './settings';
import { runGrid, defaultJobs, ProgressEvent } from '../experiment/runner';
import { expandSweep, Universe } from '../experiment/sweep';
import { MAX_RUNS, planRuns } from '../experiment/grid';
import { parseShard, selectShard } from '../experiment/shard';
import { openStore } from '../store/store';
import { writeFailure, writeFileAtomic } from '../store/atomic-file';
import { acquireLock } from '../store/lock';
import { createHash } from 'node:crypto';
import { RECORD_MODES, RecordMode, keyId } from '../experiment/record';
import { BACKEND_CHOICES } from '../engine/backend';
import { parseCount } from './parse';
import { formatDuration, notesPrinter } from './progress';
import { stopOnSignals } from './run';
import { SolhError } from '../errors';

/** Longest file name (in bytes) that common file systems take (NAME_MAX). */
const MAX_NAME_BYTES = 255;

/** The universes of a sweep folder, one a line (not .json: a folder's .json files are records). */
export const SWEEP_MANIFEST = 'universes.tsv';

/** The runner's notes (capped jobs, tiny splits), each said once however many universes repeat it. */
function sweepNotes(stream: NodeJS.WriteStream = process.stderr): (e: ProgressEvent) => void {
  const said = new Set<string>();
  const print = notesPrinter(stream);
  return (e) => {
    if (e.type !== 'note' || said.has(e.message)) return;
    said.add(e.message);
    print(e);
  };
}

/** Progress over the whole sweep: a line per universe, a line per finished run with the sweep's count and time left, and the notes. */
function sweepProgress(total: number, notes: (e: ProgressEvent) => void, stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let counted = 0; // runs recorded before or during this sweep
  let trained = 0;
  return (u: Universe, i: number, of: number) => (e: ProgressEvent) => {
    notes(e);
    if (e.type === 'start') {
      counted += e.skipped;
      stream.write(`universe ${i + 1}/${of} ${u.name}: ${e.pending === 0 ? `all ${e.total} runs already recorded` : `running ${e.pending} of ${e.total} runs (${e.skipped} already recorded) on ${e.jobs} job${e.jobs > 1 ? 's' : ''}, backend ${e.backend}`}\n`);
    } else if (e.type === 'done') {
      counted++;
      trained++;
      const r = e.record;
      const t = r.key.target ?? 'f1';
      const outcome = r.status === 'ok' ? `${r.epochsRun} epochs, test ${t} ${r.evaluation[t]?.testAt05.toFixed(4)}` : `FAILED at epoch ${r.failure?.epoch}`;
      const perRun = (Date.now() - started) / 1000 / trained;
      const left = Math.max(0, total - counted);
      stream.write(`[${counted}/${total}] ${u.name}: ${keyId(r.key)}: ${outcome}${left ? `; about ${formatDuration(perRun * left)} left in the sweep` : ''}\n`);
    }
  };
}

/**
 * Writes the sweep's manifest under the sweep folder's lock (its "protocol" is the manifest itself):
 * a concurrent sweep of another config into the same folder is refused, not overwritten.
 */
async function writeManifest(out: string, text: string): Promise<void> {
  const lock = (await acquireLock(out, createHash('sha256').update(text).digest('hex').slice(0, 16)))!;
  try {
    lock.check();
    writeFileAtomic(out, SWEEP_MANIFEST, text);
  } catch (e) {
    throw writeFailure(`the sweep manifest ${join(out, SWEEP_MANIFEST)}`, e);
  } finally {
    lock.release();
  }
}

export function sweepCommand(): Command {
  return new Command('sweep')
    .description('run every universe of a config\'s sweep (one-at-a-time or factorial), each universe\'s records in its own subfolder of --out; rerunning resumes')
    .option('--config <file>', 'protocol, grid and sweep axes (JSON)', 'configs/multiverse.json')
    .option('--seeds <n>', 'seeds 0..n−1 in every universe, the default one included (overrides grid.seeds and defaultSeeds)')
    .option('--default-seeds <n>', 'seeds 0..n−1 in the default universe (overrides defaultSeeds)')
    .option('--target <t>', 'targets instead of the config\'s: a comma list, or all', 'all')
    .option('--losses <list>', 'comma-separated loss specs instead of the config\'s')
    .option('--max-epochs <n>', 'at most this many epochs per run (changes the protocol: for trials)')
    .option('--set <key=value...>', 'override a setting of every universe, e.g. --set training.patience=5')
    .option('--out <dir>', 'results folder, one subfolder per universe (default: runs/<config name>)')
    .option('--jobs <n>', 'parallel worker threads', String(defaultJobs()))
    .option('--shard <i/n>', 'run only part i of n (0-based) of each universe\'s grid; join each universe\'s parts with `solh merge`')
    .addOption(new Option('--record <mode>', 'lean: one JSON line per run, no history or curves; full: one JSON file per run').choices([...RECORD_MODES]).default('lean'))
    .addOption(new Option('--backend <b>', 'TensorFlow.js backend').choices([...BACKEND_CHOICES]).default('auto'))
    .option('--list', 'print the universes and their run counts, train nothing')
    .option('--force', 'rerun runs that are already recorded')
    .option('--quiet', 'no progress lines')
    .addHelpText('after', `
Examples:
  $ npx solh sweep --config configs/multiverse.json --list          universes and run counts
  $ npx solh sweep --config configs/multiverse.json --out results/multiverse
  $ npx solh sweep --seeds 2 --losses bce,solh:uniform --max-epochs 3 --out runs/trial
  $ npx solh sweep --shard \$SLURM_ARRAY_TASK_ID/8 --out runs/sweep-\$SLURM_ARRAY_TASK_ID
Then: npx solh verdicts --results results/multiverse`)
    .action(async (o) => {
      const { config, path } = configFromFlags({ ...o, seeds: undefined });
      if (o.seeds !== undefined) {
        const n = parseCount(o.seeds, '--seeds', 1);
        if (n > MAX_RUNS) throw new SolhError(`--seeds ${o.seeds}: at most ${MAX_RUNS} (the bound on the runs of a sweep): use fewer seeds, or split the study over several --out folders`);
        config.grid.seeds = Array.from({ length: n }, (_, i) => i);
        delete config.defaultSeeds;
      }
      if (o.defaultSeeds !== undefined) config.defaultSeeds = parseCount(o.defaultSeeds, '--default-seeds', 1);
      const universes = expandSweep(config, path); // bounded: checkSweepSize counts before it enumerates
      const shard = o.shard === undefined ? undefined : parseShard(o.shard);
      const plans = universes.map((u) => (shard ? selectShard(planRuns(u.config), shard) : planRuns(u.config)));
      const total = plans.reduce((a, p) => a + p.length, 0);
      if (o.list) {
        universes.forEach((u, i) => process.stdout.write(`${u.name}\t${plans[i].length} runs\t${u.config.grid.seeds.length} seeds\n`));
        process.stdout.write(`${universes.length} universes, ${total} runs\n`);
        return;
      }
      const out: string = o.out ?? `runs/${basename(path).replace(/\.json$/, '')}`;
      // Every universe's folder name is checked before the first universe trains.
      const tooLong = universes.find((u) => Buffer.byteLength(u.name) > MAX_NAME_BYTES);
      if (tooLong) {
        throw new SolhError(`universe folder name ${tooLong.name.slice(0, 60)}… is ${Buffer.byteLength(tooLong.name)} bytes, more than the ${MAX_NAME_BYTES} a file system allows: vary fewer settings at once, or shorten the values (e.g. fewer columns in data.drop)`);
      }
      const jobs = parseCount(o.jobs, '--jobs', 1);
      const record = o.record as RecordMode;
      openStore(out);
      const manifest = ['universe\tsettings\tseeds\truns', ...universes.map((u, i) => `${u.name}\t${JSON.stringify(u.settings)}\t${u.config.grid.seeds.length}\t${plans[i].length}`)];
      await writeManifest(out, manifest.join('\n') + '\n');
      const notes = sweepNotes();
      const progress = sweepProgress(total, notes);
      const stop = stopOnSignals();
      let ran = 0;
      let failed = 0;
      let skipped = 0;
      let wall = 0;
      try {
        for (const [i, u] of universes.entries()) {
          const dir = join(out, u.name);
          const result = await runGrid(
            { config: u.config, out: dir, jobs, backend: o.backend, force: Boolean(o.force), signal: stop.signal, record, select: shard ? (keys) => selectShard(keys, shard) : undefined },
            o.quiet ? notes : progress(u, i, universes.length),
          );
          ran += result.ran;
          failed += result.failed;
          skipped += result.skipped;
          wall += result.wallSeconds;
          if (result.interrupted) {
            process.stderr.write(`solh: interrupted: ${skipped + ran} of ${total} runs of the sweep recorded in ${out}; run the same command${o.force ? ' without --force' : ''} to resume\n`);
            process.exitCode = 128 + (constants.signals[stop.received!] ?? 2);
            return;
          }
        }
      } finally {
        stop.release();
      }
      if (universes.length === 0) throw new SolhError('the sweep has no universes');
      process.stderr.write(`${universes.length} universes: ${ran} runs trained (${failed} failed), ${skipped} already recorded, in ${formatDuration(wall)}; records in ${out}/<universe>\n`);
      process.stdout.write(`${out}\n`);
    });
}
