#!/bin/sh
# Rebuilds data/benchmark/*.csv, the tables of the cross-data-set benchmark (configs/benchmark.json),
# from Debian packages, and prints their sha256. Run once by hand; tests and CI use the committed files.
#   apt-get install -y --no-install-recommends r-base-core r-cran-mlbench r-cran-kernlab python3-sklearn
#   sh scripts/make-benchmark-data.sh
# Provenance, versions and checksums: data/benchmark/README.md.
set -eu
cd "$(dirname "$0")/.."
out=data/benchmark
mkdir -p "$out"
dpkg-query -W -f='${Package} ${Version}\n' r-base-core r-cran-mlbench r-cran-kernlab python3-sklearn
Rscript scripts/make-benchmark-data.R "$out"
# Debian's python (the one python3-sklearn installs into), not a pyenv or venv one on PATH.
/usr/bin/python3 scripts/make-benchmark-data.py "$out"
(cd "$out" && sha256sum -- *.csv)
