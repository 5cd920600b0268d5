#!/usr/bin/env bash
# Reproduces the DSAC-T tracking policy, policy-export/models/tracking-obstacle-v1-dsact.onnx, and
# the SAC run it is compared with:
#   1. trains DSAC-T and SAC at the same time, one torch thread each, with the same budget and seed,
#      on the tracking task of the simulator mirror (all paths and encounters, domain randomization
#      on, 0.1 s control period; see python/dsact_tracking.py). The shipped run was trained in the
#      stages below, and each resume without --save-replay starts from an empty replay buffer, so
#      the stages are part of the recipe: 0 to 40,000 steps, resumed to 110,000 and to 130,000
#      (GELU in its erf form, learning rates 3e-4), resumed with --activation gelu-tanh to 220,000
#      with the replay buffer kept from then on (the tanh form deploys as a float64 graph; see
#      python/dsact.py), and resumed with the reference learning rates 1e-4 to FINAL_STEPS;
#   2. chooses each run's checkpoint among those of the last stage (220,000 steps on) on validation
#      seeds 1000..1011, nominal and randomized (dsact_tracking.py select), and exports both actors
#      (tanh(mean)) with their golden vectors;
#   3. evaluates seeds 0..SEEDS-1 of every path and encounter, nominal and randomized: the DSAC-T
#      actor in PyTorch (dsact_tracking.py evaluate) and every policy in Java (policyrt sim
#      evaluate), and fails unless the PyTorch and ONNX Runtime evaluations of DSAC-T agree.
# Usage (from the repository root): policy-export/train-dsact-policy.sh [WORKDIR] [FINAL_STEPS] [SEEDS]
# Everything it writes goes to WORKDIR (default target/dsact); copy the results into models/ by hand.
# POLICYRT_SKIP_TRAINING=1 skips step 1 and works on the runs already in WORKDIR/dsact and WORKDIR/sac.
# Budget on the 2-core build machine: about 60 to 80 environment steps per second per run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${1:-target/dsact}; final_steps=${2:-400000}; seeds=${3:-34}
python=${POLICYRT_PYTHON:-/usr/bin/python3}
py=policy-export/python
mkdir -p "$out"

logging=(--eval-every 5000 --eval-episodes 9 --log-every 1000 --checkpoint-every 10000 --keep-checkpoints --threads 1)
train() {  # algo: each stage resumes the previous stage's final.pt
  local algo=$1 dir=$out/$1
  "$python" $py/dsact.py train --env tracking --algo "$algo" --steps 40000 --seed 1 --batch-size 128 \
    --actor-lr 3e-4 --critic-lr 3e-4 --buffer-size 200000 --activation gelu --out "$dir" "${logging[@]}"
  for steps in 110000 130000; do
    "$python" $py/dsact.py train --resume "$dir/final.pt" --steps "$steps" "${logging[@]}"
  done
  "$python" $py/dsact.py train --resume "$dir/final.pt" --steps 220000 --activation gelu-tanh --save-replay \
    "${logging[@]}"
  "$python" $py/dsact.py train --resume "$dir/final.pt" --steps "$final_steps" --actor-lr 1e-4 --critic-lr 1e-4 \
    --save-replay "${logging[@]}"
}
if [[ ${POLICYRT_SKIP_TRAINING:-0} != 1 ]]; then  # 1: only choose, export and evaluate existing runs
  train dsact > "$out/dsact.log" 2>&1 &
  train sac > "$out/sac.log" 2>&1 &
  wait
fi

for algo in dsact sac; do
  "$python" $py/dsact_tracking.py select --run "$out/$algo" --from-step 220000 --json "$out/$algo-selection.json" \
    > "$out/$algo-selection.txt" &
done
wait
dsact_checkpoint=$(tail -n 1 "$out/dsact-selection.txt"); sac_checkpoint=$(tail -n 1 "$out/sac-selection.txt")
"$python" $py/dsact.py export --checkpoint "$dsact_checkpoint" --out "$out/tracking-obstacle-v1-dsact.onnx"
"$python" $py/dsact.py export --checkpoint "$sac_checkpoint" --out "$out/tracking-obstacle-v1-sac.onnx"
./policyrt policy verify "$out/tracking-obstacle-v1-dsact.onnx"

parity=0
for setting in nominal randomized; do
  flag=(); [[ $setting == randomized ]] && flag=(--randomize)
  "$python" $py/dsact_tracking.py evaluate --checkpoint "$dsact_checkpoint" --seeds "$seeds" "${flag[@]}" \
    --json "$out/eval-dsact-pytorch-$setting.json" > /dev/null &
  ./policyrt sim evaluate --policy "$out/tracking-obstacle-v1-dsact.onnx" --seeds "$seeds" "${flag[@]}" \
    --json "$out/eval-dsact-$setting.json" > /dev/null
  ./policyrt sim evaluate --policy "$out/tracking-obstacle-v1-sac.onnx" --seeds "$seeds" "${flag[@]}" \
    --json "$out/eval-sac-$setting.json" > /dev/null
  ./policyrt sim evaluate --policy policy-export/models/tracking-bc.onnx --seeds "$seeds" "${flag[@]}" \
    --json "$out/eval-bc-$setting.json" > /dev/null
  ./policyrt sim evaluate --policy expert --seeds "$seeds" "${flag[@]}" --json "$out/eval-expert-$setting.json" > /dev/null
  wait
  "$python" $py/evaluation_report.py parity "$out/eval-dsact-pytorch-$setting.json" "$out/eval-dsact-$setting.json" \
    | tee "$out/parity-$setting.txt" || parity=1
done
"$python" $py/evaluation_report.py summary \
  "DSAC-T=$out/eval-dsact-nominal.json" "DSAC-T=$out/eval-dsact-randomized.json" \
  "SAC=$out/eval-sac-nominal.json" "SAC=$out/eval-sac-randomized.json" \
  "BC=$out/eval-bc-nominal.json" "BC=$out/eval-bc-randomized.json" \
  "pure pursuit=$out/eval-expert-nominal.json" "pure pursuit=$out/eval-expert-randomized.json" | tee "$out/evaluation.md"
if [[ $parity != 0 ]]; then
  echo "train-dsact-policy.sh: the PyTorch and ONNX Runtime evaluations of DSAC-T differ (see $out/parity-*.txt)" >&2
  exit 1
fi
