#!/usr/bin/env bash
# Benchmark: the 3-seed paper grid (57 trainings, 2 jobs, an empty folder each time) in two built
# trees, interleaved round by round so that both meet the same load; prints each run and, per
# tree, the median wall time, CPU time (user + system) and peak memory. On a shared machine a
# ratio of medians taken this way says more than two benchmarks taken at different times.
#
#   scripts/bench-ab.sh OTHER_TREE [rounds=5] [extra solh run flags...]
#
# OTHER_TREE: another checkout with its own node_modules, built (npm run build), e.g. the commit
# before a change:  git worktree add /tmp/before <commit> && (cd /tmp/before && npm ci)
# The E(p) table files are used as in any run (SOLH_CACHE_DIR; =off builds the tables each run).
set -euo pipefail
other="${1:?usage: scripts/bench-ab.sh OTHER_TREE [rounds] [flags...]}"
rounds="${2:-5}"
shift $(( $# >= 2 ? 2 : 1 ))
here="$(cd "$(dirname "$0")/.." && pwd)"
. "$here/scripts/bench-lib.sh"
other="$(cd "$other" && pwd)"
for tree in "$here" "$other"; do
  [ -f "$tree/dist/src/cli/main.js" ] || { echo "bench-ab.sh: $tree is not built: run npm run build there" >&2; exit 2; }
done
log="$(mktemp)"
for i in $(seq "$rounds"); do
  for tree in "$here" "$other"; do
    out="$(mktemp -d)"; rm -rf "$out"
    time_grid "$tree" "$out" "$@" || { echo "bench-ab.sh: the run in $tree failed; see $out.err" >&2; exit 1; }
    echo "round $i $tree: ${wall} s wall, ${cpu} s CPU, ${mib} MiB, load average $(cut -d' ' -f1 /proc/loadavg)"
    echo "$tree $wall $cpu $mib" >> "$log"
    rm -rf "$out" "$out.time" "$out.err"
  done
done
for tree in "$here" "$other"; do
  col() { awk -v t="$tree" -v c="$1" '$1 == t { print $c }' "$log" | median; }
  echo "$tree: median $(col 2) s wall, $(col 3) s CPU, $(col 4) MiB over $rounds rounds"
done
w1=$(awk -v t="$here" '$1 == t { print $2 }' "$log" | median)
w2=$(awk -v t="$other" '$1 == t { print $2 }' "$log" | median)
echo "wall ratio (this tree / other): $(awk -v a="$w1" -v b="$w2" 'BEGIN { printf "%.2f", a / b }')"
rm -f "$log"
