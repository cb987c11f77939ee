#!/usr/bin/env bash
# Benchmark: wall time, CPU time (user + system, all threads) and peak memory of the full default
# grid (2 targets × 10 losses × 3 seeds, 57 trainings) into an empty folder, repeated; prints each
# run and the medians. On a shared machine the CPU time moves less than the wall time (time slices
# given to other processes are not counted). The E(p) tables are read from the table files of
# earlier runs as in any run (SOLH_CACHE_DIR); SOLH_CACHE_DIR=off scripts/bench-grid.sh times the
# grid with its tables built. Later flags win:
#   scripts/bench-grid.sh [repeats=3] [extra solh run flags...]
#   scripts/bench-grid.sh 3                                     the default grid, fused kernel
#   scripts/bench-grid.sh 1 --seeds 30                          570 trainings
#   scripts/bench-grid.sh 3 --set training.kernel=tfjs          the TF.js kernel, for the ratio
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-lib.sh
repeats=${1:-3}; shift || true
times=()
cpus=()
for i in $(seq "$repeats"); do
  out=$(mktemp -d)
  time_grid . "$out" "$@"
  echo "run $i: ${wall} s wall, ${cpu} s CPU, peak resident memory ${mib} MiB, load average $(cut -d' ' -f1 /proc/loadavg) ($(grep -c '' <(ls "$out")) records; $(tail -1 "$out.err"))"
  times+=("$wall")
  cpus+=("$cpu")
  rm -rf "$out" "$out.time" "$out.err"
done
echo "table files: ${SOLH_CACHE_DIR:-default folder}"
echo "median wall time: $(printf '%s\n' "${times[@]}" | median) s, median CPU time: $(printf '%s\n' "${cpus[@]}" | median) s over $repeats runs"
