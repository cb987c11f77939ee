# Shared by scripts/bench-grid.sh and scripts/bench-ab.sh (sourced, not run).

# time_grid TREE OUT [solh run flags...]: TREE's 3-seed paper grid into the folder OUT under
# /usr/bin/time; sets wall (s), cpu (user + system, s) and mib (peak resident memory); its stderr
# is left in OUT.err. Fails as the run does.
time_grid() {
  local tree=$1 out=$2 user sys kb
  shift 2
  /usr/bin/time -f "%e %U %S %M" -o "$out.time" "$tree/bin/solh" run --target all --seeds 3 --out "$out" --quiet "$@" > /dev/null 2> "$out.err" || return 1
  read -r wall user sys kb < "$out.time"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  mib=$((kb / 1024))
}

# The median of the numbers on stdin, one per line.
median() { sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; print m}'; }
