#!/usr/bin/env bash
# Chooses each run's checkpoint on the validation seeds (dsact_tracking.py select, from FROM_STEP
# on), evaluates it on seeds 0..SEEDS-1 of every path and encounter, nominal and randomized, in
# the Python mirror (the float64 graph's arithmetic, episode for episode what `policyrt sim
# evaluate` plays; it also records command chatter), and prints the headline table
# (evaluation_report.py headline) with any further evaluation files given as LABEL=FILE.
# Usage: policy-export/evaluate-dsact-runs.sh [--mirror-average] OUT SEEDS FROM_STEP[:TO_STEP] LABEL=RUN_DIR... [-- LABEL=FILE.json...]
# FROM_STEP:TO_STEP chooses among the checkpoints of that range only (runs compared at a smaller
# budget than some of them trained for, as the ablations at 1,000,000 steps are).
# --mirror-average chooses and evaluates each checkpoint's actor averaged with its mirror image (as
# dsact.py export --mirror-average ships it).
# Writes OUT/LABEL-{nominal,randomized}.json, OUT/LABEL-selection.json and OUT/headline.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
average=()
if [[ ${1:-} == --mirror-average ]]; then average=(--mirror-average); shift; fi
out=${1:?usage: evaluate-dsact-runs.sh [--mirror-average] OUT SEEDS FROM_STEP[:TO_STEP] LABEL=RUN_DIR... [-- LABEL=FILE.json...]}
seeds=${2:?}; range=${3:?}; shift 3
from=${range%%:*}; to=()
[[ $range == *:* ]] && to=(--to-step "${range#*:}")
python=${POLICYRT_PYTHON:-/usr/bin/python3}
py=(nice -n "${POLICYRT_NICE:-19}" "$python")
mkdir -p "$out"
files=()
while [[ $# -gt 0 && $1 != -- ]]; do
  label=${1%%=*}; run=${1#*=}; shift
  checkpoint=$("${py[@]}" "$here/python/dsact_tracking.py" select --run "$run" --from-step "$from" \
    "${to[@]}" "${average[@]}" --json "$out/$label-selection.json" | tail -n 1)
  echo "$label: $checkpoint"
  for setting in nominal randomized; do
    flag=(); [[ $setting == randomized ]] && flag=(--randomize)
    "${py[@]}" "$here/python/dsact_tracking.py" evaluate --checkpoint "$checkpoint" --seeds "$seeds" "${flag[@]}" "${average[@]}" \
      --json "$out/$label-$setting.json" > /dev/null
    files+=("$label=$out/$label-$setting.json")
  done
done
[[ ${1:-} == -- ]] && shift
"$python" "$here/python/evaluation_report.py" headline "${files[@]}" "$@" | tee "$out/headline.md"
