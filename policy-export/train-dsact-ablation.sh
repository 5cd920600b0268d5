#!/usr/bin/env bash
# The runs of the recipe's comparison, one after the other (one training at a time on a 2-core
# machine), each with train-dsact-recipe.sh and the same budget of gradient updates:
#   dsact-s0, dsact-s1      the full recipe, two seeds
#   sac-s0, sac-s1          SAC with the same recipe, two seeds
#   dsact-nomirror-s0       without mirror augmentation
#   dsact-nocaps-s0         without the smoothness term
#   dsact-k1-s0             one environment step per update (STEPS / 10 environment steps)
#   dsact-n1-s0             one-step targets (the recipe before its 5-step targets)
#   dsact-nows-s0           without the warm start from the behaviour-cloned policy
# Usage: policy-export/train-dsact-ablation.sh ROOT [STEPS] [RUN...]
# With RUN names only those run. Rerunning resumes the unfinished run where it stopped (a
# finished one is only reloaded). Then: policy-export/evaluate-dsact-runs.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root=${1:?usage: train-dsact-ablation.sh ROOT [STEPS] [RUN...]}; steps=${2:-3000000}
shift $(( $# < 2 ? $# : 2 ))
runs=("$@")
[[ ${#runs[@]} -gt 0 ]] || runs=(dsact-s0 dsact-s1 sac-s0 sac-s1 dsact-nomirror-s0 dsact-nocaps-s0 dsact-k1-s0
                                     dsact-n1-s0 dsact-nows-s0)
mkdir -p "$root"
for run in "${runs[@]}"; do
  seed=${run##*-s}; algo=${run%%-*}; extra=(); n=$steps
  case $run in
    *-nomirror-*) extra=(--mirror-fraction 0) ;;
    *-nocaps-*) extra=(--caps-weight 0) ;;
    *-n1-*) extra=(--n-step 1) ;;
    *-nows-*) extra=(--teacher '' --bc-weight 0) ;;
    # checkpoints at the recipe's spacing in updates, to choose from
    *-k1-*) extra=(--env-steps-per-update 1 --checkpoint-every 10000); n=$((steps / 10)) ;;
  esac
  echo "== $run: $algo seed $seed, $n steps ${extra[*]}"
  "$here/train-dsact-recipe.sh" "$root/$run" "$n" "$seed" "$algo" "${extra[@]}" > "$root/$run.log" 2>&1
done
