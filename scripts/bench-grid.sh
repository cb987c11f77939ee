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
repeats=${1:-3}; shift || true
times=()
cpus=()
for i in $(seq "$repeats"); do
  out=$(mktemp -d)
  /usr/bin/time -f "%e %U %S %M" -o "$out.time" ./bin/solh run --target all --seeds 3 --out "$out" --quiet "$@" > /dev/null 2> "$out.err"
  read -r wall user sys kb < "$out.time"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  echo "run $i: ${wall} s wall, ${cpu} s CPU, peak resident memory $((kb / 1024)) MiB, load average $(cut -d' ' -f1 /proc/loadavg) ($(grep -c '' <(ls "$out")) records; $(tail -1 "$out.err"))"
  times+=("$wall")
  cpus+=("$cpu")
  rm -rf "$out" "$out.time" "$out.err"
done
median() { sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; print m}'; }
echo "table files: ${SOLH_CACHE_DIR:-default folder}"
echo "median wall time: $(printf '%s\n' "${times[@]}" | median) s, median CPU time: $(printf '%s\n' "${cpus[@]}" | median) s over $repeats runs"
