#!/usr/bin/env bash
# Regenerates every committed result folder, figure and HTML report from scratch under the current
# code and configs. Each `solh run` resumes, so an interrupted regeneration is continued by running
# this again; delete a folder first to rebuild it.
#   scripts/regenerate-results.sh [--fresh]     (--fresh deletes the folders first)
set -euo pipefail
cd "$(dirname "$0")/.."
solh=./bin/solh
if [ "${1:-}" = "--fresh" ]; then rm -rf results/paper results/paper-30 results/paper-glorot-30 results/paper-no-leak results/pima results/penguins; fi
$solh run --target all --out results/paper --quiet
$solh run --config configs/paper-30seeds.json --out results/paper-30 --quiet
$solh run --config configs/paper-glorot.json --out results/paper-glorot-30 --quiet
$solh run --config configs/paper-no-leak.json --out results/paper-no-leak --quiet
$solh run --config configs/pima.json --out results/pima --quiet
$solh run --config configs/penguins.json --out results/penguins --quiet
$solh plot curves --out docs/figures
$solh plot thresholds --results results/paper-30 --out docs/figures
$solh plot table --results results/paper-30 --out docs/figures
$solh plot learning --results results/paper --target f1 --seed 0 --out docs/figures
$solh report --results results/paper --out docs/report-paper.html
$solh report --results results/paper-30 --out docs/report-paper-30.html
$solh report --results results/paper-glorot-30 --out docs/report-paper-glorot-30.html
$solh report --results results/paper-no-leak --out docs/report-paper-no-leak.html
$solh report --results results/pima --out docs/report-pima.html
# The multiverse (11 min) is regenerated only on request: npx solh sweep --config configs/multiverse.json --out results/multiverse
if [ -d results/multiverse ]; then $solh plot verdicts --results results/multiverse --out docs/figures; fi
