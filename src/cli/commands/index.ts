/**
 * Every command of `solh`, in the order `solh --help` lists them: name, help, the params it takes
 * (by name, from the registry in ../params.ts) and where its action is. Nothing here loads
 * TensorFlow.js: each action module (./<command>.ts) is imported when its command runs, so
 * `solh --help` and `solh <command> --help` stay fast. A new command is its action module and one
 * entry here.
 */
import type { CommandSpec } from '../command';
import { AT_CHOICES, DEFAULT_BENCH_OUT, DEFAULT_FIGURES_OUT, ParamUse } from '../params';

/** Params every figure has. */
const FIGURE: ParamUse[] = [['out', { description: 'folder the files are written to', default: DEFAULT_FIGURES_OUT }], 'png'];
/** Params of the figures drawn from one results folder. */
const RESULTS: ParamUse[] = ['results', ['target', { description: 'target score (default: one figure per target found)', default: undefined }]];

export const COMMANDS: CommandSpec[] = [
  {
    name: 'run',
    description: 'train every (target, loss, seed) of a grid, write one record per run as it finishes, and print the tables (beside the paper\'s values on the paper\'s data, ACTG 175 with all features; ours alone on other data); rerunning resumes',
    params: [
      'config', 'target', 'seeds', 'losses', 'maxEpochs', 'jobs', 'backend',
      'data', 'label', 'positive', 'delimiter', 'drop', 'categorical', 'missing', 'delta', 'set',
      'out', 'shard', 'sbatch', 'record', 'force', 'quiet',
    ],
    help: `
Examples:
  $ npx solh run --target f1                     the paper's Table 2: 10 losses × 3 seeds
  $ npx solh run --target all --seeds 10 --out runs/ten
  $ npx solh run --losses bce,solh:uniform --data my.csv --label outcome --positive yes
  $ npx solh run --config configs/penguins.json --out results/penguins   text columns and missing cells
  $ npx solh run --seeds 30 --record lean --out runs/lean   one JSON line per run
  $ npx solh run --shard auto --out runs/shard-\$SLURM_ARRAY_TASK_ID   in a Slurm job array
  $ npx solh run --seeds 30 --jobs 2 --out runs/paper-30 --sbatch 8 > paper-30.sh && bash paper-30.sh`,
    action: () => import('./run').then(({ run }) => run),
  },
  {
    name: 'table',
    description: 'print the paper\'s table layout from a results folder: mean ± sd over seeds per loss, optionally beside the paper\'s numbers',
    params: ['results', ['target', { description: 'target score (default: every target found)', default: undefined }], 'format', 'compare'],
    help: `
Examples:
  $ npx solh table --results results/paper --compare paper
  $ npx solh table --results results/paper --target f1 --format json`,
    action: () => import('./table').then(({ table }) => table),
  },
  {
    name: 'check',
    description: 'compare a results folder with a snapshot and exit non-zero if any run drifted beyond the tolerance',
    params: [['results', { description: 'results folder to check', default: undefined, required: true }], 'snapshot', 'tolerance'],
    help: `
Example:
  $ npx solh run --target f1 --seeds 1 --out runs/check && npx solh check --results runs/check --snapshot results/paper`,
    action: () => import('./check').then(({ check }) => check),
  },
  {
    name: 'merge',
    description: 'join the results folders of a sharded grid (or of a sharded sweep: every universe at once) into one, refusing mixed configs and reporting duplicates and gaps',
    arguments: [['<dirs...>', 'shard results folders: grid folders, or sweep folders (with universes.tsv)']],
    params: [['out', { description: 'merged results folder', required: true }]],
    help: `
Examples:
  $ npx solh run --shard 0/2 --out runs/s0 & npx solh run --shard 1/2 --out runs/s1; wait
  $ npx solh merge runs/s0 runs/s1 --out runs/merged && npx solh table --results runs/merged
  $ npx solh merge runs/sweep-0 runs/sweep-1 --out runs/sweep      sweep shards: every universe`,
    action: () => import('./merge').then(({ merge }) => merge),
  },
  {
    name: 'sweep',
    description: 'run every universe of a config\'s sweep (one-at-a-time or factorial), each universe\'s records in its own subfolder of --out; rerunning resumes',
    params: [
      ['config', { description: 'protocol, grid and sweep axes (JSON; "extends": "paper-30seeds.json" starts from another config)', default: 'configs/multiverse.json' }],
      ['seeds', { description: 'seeds 0..n−1 in every universe, the default one included (overrides grid.seeds and defaultSeeds)' }],
      'defaultSeeds',
      'target',
      'losses', 'maxEpochs',
      'set',
      ['out', { description: 'results folder, one subfolder per universe (default: runs/<config name>)' }],
      'jobs',
      ['shard', { description: 'run only part i of n (0-based) of each universe\'s grid; auto: the part from SLURM_ARRAY_TASK_ID (count: the array\'s size) or, with auto/n, from JOB_COMPLETION_INDEX; join the parts with `solh merge`' }],
      ['sbatch', { description: 'print a Slurm job-array script of n tasks for this sweep (with its merge as a dependent job), train only a probe to measure memory' }],
      ['record', { default: 'lean' }],
      'backend',
      ['list', { description: 'print the universes and their run counts, train nothing' }],
      'force', 'quiet',
    ],
    help: `
Examples:
  $ npx solh sweep --config configs/multiverse.json --list          universes and run counts
  $ npx solh sweep --config configs/multiverse.json --out results/multiverse
  $ npx solh sweep --seeds 2 --losses bce,solh:uniform --max-epochs 3 --out runs/trial
  $ npx solh sweep --shard auto --out runs/sweep-\$SLURM_ARRAY_TASK_ID    in a Slurm job array
  $ npx solh sweep --out results/multiverse --jobs 2 --sbatch 16 > multiverse.sh && bash multiverse.sh
  $ npx solh merge runs/sweep-0 runs/sweep-1 --out runs/sweep     every universe at once
Then: npx solh verdicts --results results/multiverse`,
    action: () => import('./sweep').then(({ sweep }) => sweep),
  },
  {
    name: 'bench',
    description: 'run every task of a benchmark suite (the base config\'s losses × targets × seeds on each data set), each task\'s records in its own subfolder of --out; rerunning resumes',
    params: [
      'suite',
      ['seeds', { description: 'seeds 0..n−1 on every task (default: the suite\'s seeds, 10 if it names none)' }],
      'tasks',
      'target',
      'losses',
      'maxEpochs',
      'set',
      ['out', { description: 'results folder, one subfolder per task', default: DEFAULT_BENCH_OUT }],
      'jobs',
      ['shard', { description: 'run only part i of n (0-based) of each task\'s grid; join each task\'s parts with `solh merge`' }],
      ['record', { default: 'lean' }],
      'backend',
      ['list', { description: 'print the tasks, their run counts and whether their data files check out; train nothing' }],
      'force', 'quiet',
    ],
    help: `
A task whose data file is missing or differs from the suite's sha256, or whose table cannot be
read, is named in one line and left out; the other tasks run, and the command exits with 2 at the
end. A task with a split holding one class only is skipped with a note.

Examples:
  $ npx solh bench --list                                   tasks, run counts, data checks
  $ npx solh bench                                          the suite at its seeds into results/benchmark
  $ npx solh bench --tasks pima,penguins --seeds 3 --out runs/bench-trial
  $ npx solh bench --suite configs/benchmark-mini.json --seeds 2 --losses bce,solh:uniform --max-epochs 2 --out runs/mini
  $ npx solh bench --shard \$SLURM_ARRAY_TASK_ID/8 --out runs/bench-\$SLURM_ARRAY_TASK_ID
Then: npx solh bench-report --results results/benchmark`,
    action: () => import('./bench').then(({ bench }) => bench),
  },
  {
    name: 'bench-report',
    description: 'a benchmark folder (one subfolder per task, as `solh bench` writes): per target and threshold, each task\'s Δ against the baseline, then across data sets average ranks, Friedman / Iman–Davenport, the Nemenyi critical difference, Wilcoxon signed-rank with Holm and the Bayesian signed-rank test',
    params: [
      ['results', { description: 'benchmark folder', default: DEFAULT_BENCH_OUT }],
      ['target', { description: 'targets to report, a comma list (default: every target found)', default: undefined }],
      'baseline',
      'rope', 'alpha', 'samples',
      ['format', { description: 'text, markdown, csv (the per-task Δ only) or json' }],
    ],
    help: `
Each data set is one unit: its score is the mean over the seeds at which every loss finished.
The tests across data sets need at least 5 data sets; with fewer they are refused in one line
(exit 2) and the per-task table is still printed.

Examples:
  $ npx solh bench-report --results results/benchmark
  $ npx solh bench-report --results results/benchmark --target f1 --rope 0.005 --format markdown
  $ npx solh bench-report --results results/benchmark --format json
  $ npx solh plot cd --results results/benchmark        the critical-difference diagrams`,
    action: () => import('./bench-report').then(({ benchReport }) => benchReport),
  },
  {
    name: 'compare',
    description: 'for every loss, the paired difference to a baseline over seeds: mean, confidence intervals, corrected resampled t, paired t and Wilcoxon tests, TOST equivalence, Holm correction, and a verdict (better, worse, equivalent, undecided)',
    params: [
      'results', 'baseline', 'allPairs',
      ['target', { description: 'compare the losses trained for this target (default: every target found)', default: undefined }],
      'score', 'at', 'confidence', 'test', 'margin', 'bootstrap', 'format',
    ],
    help: `
Example:
  $ npx solh compare --results results/paper --baseline bce --target f1
  $ npx solh compare --results results/paper --target accuracy --at tau --format markdown
  $ npx solh compare --results results/paper --target f1 --score mcc --format csv
  $ npx solh compare --results results/paper --target f1 --baseline sol:uniform
  $ npx solh compare --results results/paper --target f1 --all-pairs
  $ npx solh compare --results results/paper-30 --target accuracy --test t --margin 0.02`,
    action: () => import('./compare').then(({ compare }) => compare),
  },
  {
    name: 'verdicts',
    description: 'for every universe of a sweep, each loss against a baseline (paired Δ, CI and p of the chosen test, TOST, Holm within universe and target, verdict), then per loss in how many universes it is better, worse, equivalent or undecided; collapsed comparisons (most runs predicted one class) are counted nowhere; in a universe whose settings cannot change a loss (loss.delta for BCE and SOL) that loss\'s runs are the default universe\'s, reused as baseline, and its own verdict is left out (counted once, in the default)',
    params: [
      ['results', { description: 'sweep folder (one subfolder per universe, as `solh sweep` writes) or one results folder', default: 'results/multiverse' }],
      'baseline',
      'at', 'confidence', 'test', 'margin', 'format',
    ],
    help: `
Examples:
  $ npx solh verdicts --results results/multiverse
  $ npx solh verdicts --results results/multiverse --baseline sol:uniform --at tau --format markdown
  $ npx solh verdicts --results results/multiverse --test t --margin 0.02
  $ npx solh verdicts --results results/multiverse --format json
  [{"universe": {"training.batchSize": 32}, "target": "f1", "loss": "solh:uniform", "n": 30, "mean": 0.01, "ci": [0.002, 0.018], "pHolm": 0.03, "test": "corrected-t", "margin": 0.01, "tostPHolm": 0.6, ..., "verdict": "better"}, ...]`,
    action: () => import('./verdicts').then(({ verdicts }) => verdicts),
  },
  {
    name: 'curve',
    description: 'print the expected soft step E(p) and its slope dE/dp that a loss uses, at chosen p',
    params: ['method', 'dist', 'tau0', ['delta', { description: 'slope δ of the linear step H^l, in (0, 0.5)', default: 0.1 }], 'p', 'points', 'format', 'backend'],
    help: `
Example:
  $ npx solh curve --method solh --dist "cosine(0.5,0.3)" --delta 0.1 --p 0,0.1,0.5 --format json
  [{"p":0,"h":0,"dh":...},{"p":0.1,"h":0.038753,...},...]`,
    action: () => import('./curve').then(({ curve }) => curve),
  },
    {
    name: 'plot',
    description: 'draw figures as SVG files (PNG with --png): curves, thresholds, learning, table, verdicts, cd',
    subcommands: [
    {
      name: 'curves',
      description: 'the expected soft step E(p) of each loss, p on [0, 1]',
      params: [
        ...FIGURE,
        ['config', { description: 'config whose grid losses and δ are drawn' }],
        ['losses', { description: 'comma-separated loss specs instead of the config\'s (BCE has no soft step and is skipped)' }],
        'delta',
        'backend',
      ],
      help: `
Example:
  $ npx solh plot curves --out /tmp/figures
  /tmp/figures/curves.svg
  $ npx solh plot curves --losses "solh:uniform,sol:cosine(0.5,0.1),soft-set" --delta 0.2 --png`,
      action: () => import('./plot').then(({ curves }) => curves),
    },
    {
      name: 'thresholds',
      description: 'test score against decision threshold per loss: mean and band over seeds, mean τ* marked',
      params: [...FIGURE, ...RESULTS, 'band'],
      help: `
Example:
  $ npx solh plot thresholds --results results/paper --target f1 --out /tmp/figures
  /tmp/figures/thresholds-f1.svg`,
      action: () => import('./plot').then(({ thresholds }) => thresholds),
    },
    {
      name: 'learning',
      description: 'train and validation loss per epoch, one panel per loss, best epoch (early stopping) marked',
      params: [...FIGURE, ...RESULTS, 'seed'],
      help: `
Example:
  $ npx solh plot learning --results results/paper --target accuracy --seed 1 --out /tmp/figures
  /tmp/figures/learning-accuracy-seed1.svg`,
      action: () => import('./plot').then(({ learning }) => learning),
    },
    {
      name: 'table',
      description: 'the results table as points with error bars (mean ± sd over seeds), the paper\'s values marked',
      params: [...FIGURE, ...RESULTS],
      help: `
Example:
  $ npx solh plot table --results results/paper --target f1 --out /tmp/figures --png
  /tmp/figures/table-f1.svg
  /tmp/figures/table-f1.png`,
      action: () => import('./plot').then(({ tablePoints }) => tablePoints),
    },
    {
      name: 'verdicts',
      description: 'forest plot of a sweep: per target, one panel per loss family, each universe\'s paired Δ against the baseline with the interval of --test (corrected t by default)',
      params: [
        ...FIGURE,
        ['results', { description: 'sweep folder (one subfolder per universe)', default: 'results/multiverse' }],
        RESULTS[1],
        'baseline',
        'at', 'test', 'margin',
      ],
      help: `
Example:
  $ npx solh plot verdicts --results results/multiverse --out /tmp/figures --test corrected-t
  /tmp/figures/verdicts-accuracy.svg
  /tmp/figures/verdicts-f1.svg`,
      action: () => import('./plot').then(({ verdicts }) => verdicts),
    },
    {
      name: 'cd',
      description: 'critical-difference diagram of a benchmark folder (solh bench): average ranks over data sets, Nemenyi CD, one figure per target and threshold',
      params: [
        ...FIGURE,
        ['results', { description: 'benchmark folder (one subfolder per task)', default: DEFAULT_BENCH_OUT }],
        ['target', { description: 'targets, a comma list (default: every target found)', default: undefined }],
        ['at', { description: '"0.5", "tau" or "both"', choices: [...AT_CHOICES, 'both'], default: 'both' }],
        ['baseline', { description: 'loss the Wilcoxon and Bayesian tests compare with (not drawn)' }],
        'alpha',
      ],
      help: `
Example:
  $ npx solh plot cd --results results/benchmark --target f1 --out /tmp/figures
  /tmp/figures/cd-f1-0.5.svg
  /tmp/figures/cd-f1-tau.svg`,
      action: () => import('./plot').then(({ cd }) => cd),
    },
    ],
    help: `
Example:
  $ npx solh plot thresholds --results results/paper --out /tmp/figures
  $ npx solh plot curves --png
  (each figure command prints the paths it wrote; see \`solh plot <figure> --help\`)`,
  },
  {
    name: 'report',
    description: 'one self-contained HTML page (no server, no network) with the tables, the comparison with the baseline and every figure',
    params: [
      'results',
      ['out', { description: 'HTML file written', default: `${DEFAULT_FIGURES_OUT}/report.html` }],
      'baseline',
      'backend',
    ],
    help: `
Example:
  $ npx solh report --results results/paper --out /tmp/report.html
  /tmp/report.html`,
    action: () => import('./report').then(({ report }) => report),
  },
  {
    name: 'unlock',
    description: 'remove the lock of a results folder whose writer is gone: a lock not refreshed for 60 s, one of this host whose process is gone, or a lock file no solh wrote; a live lock is left alone',
    arguments: [['<dir>', 'results folder (or sweep folder) holding the lock file .solh-lock']],
    help: `
Example:
  $ npx solh unlock runs/paper        after a job was killed on a node that is gone
Writers take over a stale lock by themselves; unlock is for a lock file that is not solh's, or to clear a folder by hand.`,
    action: () => import('./unlock').then(({ unlock }) => unlock),
  },
  {
    name: 'repair',
    description: 'keep every good record of a results folder and set damaged ones aside (record files and lean files renamed *.damaged, nothing deleted), listing what was dropped; then the same run or sweep redoes only the dropped runs',
    arguments: [['<dir>', 'results folder (one universe of a sweep is one results folder)']],
    help: `
Example:
  $ npx solh repair runs/lean        after "corrupted record runs/lean/records.jsonl:12 (...)"
  $ npx solh run --record lean --out runs/lean     redoes the dropped runs`,
    action: () => import('./repair').then(({ repair }) => repair),
  },
];
