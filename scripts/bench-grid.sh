#!/usr/bin/env bash
# Benchmark: wall time and peak memory of the full default grid (2 targets × 10 losses × 3 seeds,
# 57 trainings) into an empty folder, repeated; prints each run and the median. Later flags win:
#   scripts/bench-grid.sh [repeats=3] [extra solh run flags...]
#   scripts/bench-grid.sh 3                                     the default grid, fused kernel
#   scripts/bench-grid.sh 1 --seeds 30                          570 trainings
#   scripts/bench-grid.sh 3 --set training.kernel=tfjs          the TF.js kernel, for the ratio
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=${1:-3}; shift || true
times=()
for i in $(seq "$repeats"); do
  out=$(mktemp -d)
  /usr/bin/time -f "%e %M" -o "$out.time" ./bin/solh run --target all --seeds 3 --out "$out" --quiet "$@" > /dev/null 2> "$out.err"
  read -r wall kb < "$out.time"
  echo "run $i: ${wall} s wall, peak resident memory $((kb / 1024)) MiB ($(grep -c '' <(ls "$out")) records; $(tail -1 "$out.err"))"
  times+=("$wall")
  rm -rf "$out" "$out.time" "$out.err"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; print "median wall time: " m " s over " NR " runs"}'
