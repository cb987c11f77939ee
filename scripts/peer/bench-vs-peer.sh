#!/usr/bin/env bash
# solh against the batched PyTorch peer on the paper grid, in one run:
#   1. ./bin/solh run --target all --seeds N --out <empty folder> --quiet
#   2. python3 scripts/peer/peer.py --seeds N --out <file>
# each under /usr/bin/time (wall, user + sys CPU, peak resident memory of the largest process),
# then both times and their ratio, and scripts/peer/compare.py on the two sets of scores.
#
#   scripts/peer/bench-vs-peer.sh        # 3 seeds (the paper's grid: 57 trainings)
#   scripts/peer/bench-vs-peer.sh 30     # 30 seeds (570 trainings)
#
# Needs a built solh (npm run build) and Debian's python3-torch (apt-get install python3-torch);
# PYTHON picks the interpreter (default /usr/bin/python3, the one Debian's torch is installed for).
# The outputs stay in the printed folder. Timings on a shared machine are noisy: run it twice.
set -euo pipefail

seeds="${1:-3}"
if ! [[ "$seeds" =~ ^[1-9][0-9]*$ ]]; then
  echo "bench-vs-peer.sh: seeds must be a whole number >= 1 (got '$seeds'); e.g. scripts/peer/bench-vs-peer.sh 30" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
py="${PYTHON:-/usr/bin/python3}"
if [ ! -f "$root/dist/src/cli/main.js" ]; then
  echo "bench-vs-peer.sh: solh is not built; run npm run build first" >&2
  exit 2
fi
if ! "$py" -c 'import torch' 2>/dev/null; then
  echo "bench-vs-peer.sh: $py cannot import torch; apt-get install python3-torch (or set PYTHON)" >&2
  exit 2
fi
out="$(mktemp -d /tmp/bench-vs-peer.XXXXXX)"
cd "$root"

fmt='%e %U %S %M'
echo "seeds 0..$((seeds - 1)), outputs in $out"
/usr/bin/time -f "$fmt" -o "$out/solh.time" ./bin/solh run --target all --seeds "$seeds" --out "$out/solh" --quiet > "$out/solh.log" 2>&1 \
  || { echo "solh run failed; see $out/solh.log" >&2; exit 1; }
/usr/bin/time -f "$fmt" -o "$out/peer.time" "$py" "$here/peer.py" --seeds "$seeds" --out "$out/peer.jsonl" > "$out/peer.log" 2>&1 \
  || { echo "peer failed; see $out/peer.log" >&2; exit 1; }

torch_version="$("$py" -c 'import torch; print(torch.__version__)')"
"$py" - "$out/solh.time" "$out/peer.time" "$seeds" "$torch_version" <<'EOF'
import sys
def read(path):
    wall, user, sys_, kb = open(path).read().split()[-4:]
    return float(wall), float(user) + float(sys_), int(kb) / 1024
s, p = read(sys.argv[1]), read(sys.argv[2])
print(f'{"":6} {"wall s":>8} {"CPU s":>8} {"peak MiB":>9}')
print(f'{"solh":6} {s[0]:8.2f} {s[1]:8.2f} {s[2]:9.0f}')
print(f'{"peer":6} {p[0]:8.2f} {p[1]:8.2f} {p[2]:9.0f}   (torch {sys.argv[4]}, 2 worker processes)')
print(f'solh / peer wall time: {s[0] / p[0]:.2f}  (seeds: {sys.argv[3]})')
EOF
grep -h '^peer:' "$out/peer.log" || true
"$py" "$here/compare.py" --solh "$out/solh" --peer "$out/peer.jsonl"
