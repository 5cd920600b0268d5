#!/usr/bin/env bash
# Reproduces the DSAC-T tracking policy, policy-export/models/tracking-obstacle-v1-dsact.onnx, and
# the SAC run it is compared with:
#   1. trains DSAC-T and SAC at the same time, one torch thread each, with the same budget and seed,
#      on the tracking task of the simulator mirror (all paths and encounters, domain randomization
#      on, 0.1 s control period; see python/dsact_tracking.py);
#   2. exports both deterministic actors (tanh(mean)) with their golden vectors;
#   3. evaluates seeds 0..SEEDS-1 of every path and encounter, nominal and randomized: the DSAC-T
#      actor in PyTorch (policyrt_sim.evaluate) and every policy in Java (policyrt sim evaluate),
#      and checks that the PyTorch and the ONNX Runtime evaluations of DSAC-T agree.
# Usage (from the repository root): policy-export/train-dsact-policy.sh [WORKDIR] [STEPS] [SEEDS]
# Everything it writes goes to WORKDIR (default target/dsact); copy the results into models/ by hand.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${1:-target/dsact}; steps=${2:-40000}; seeds=${3:-34}
python=${POLICYRT_PYTHON:-/usr/bin/python3}
py=policy-export/python
mkdir -p "$out"

train=(train --env tracking --steps "$steps" --seed 1 --batch-size 128 --actor-lr 3e-4 --critic-lr 3e-4
       --buffer-size 200000 --eval-every 5000 --eval-episodes 9 --log-every 1000 --checkpoint-every 2500
       --keep-checkpoints --threads 1)
"$python" $py/dsact.py "${train[@]}" --algo dsact --out "$out/dsact" > "$out/dsact.log" 2>&1 &
"$python" $py/dsact.py "${train[@]}" --algo sac --out "$out/sac" > "$out/sac.log" 2>&1 &
wait

"$python" $py/dsact.py export --checkpoint "$out/dsact/final.pt" --out "$out/tracking-obstacle-v1-dsact.onnx"
"$python" $py/dsact.py export --checkpoint "$out/sac/final.pt" --out "$out/tracking-obstacle-v1-sac.onnx"
./policyrt policy verify "$out/tracking-obstacle-v1-dsact.onnx"

for setting in nominal randomized; do
  flag=(); [[ $setting == randomized ]] && flag=(--randomize)
  "$python" $py/dsact_tracking.py evaluate --checkpoint "$out/dsact/final.pt" --seeds "$seeds" "${flag[@]}" \
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
    | tee "$out/parity-$setting.txt" || true  # differences are reported, not fatal (see models/README.md)
done
"$python" $py/evaluation_report.py summary \
  "DSAC-T=$out/eval-dsact-nominal.json" "DSAC-T=$out/eval-dsact-randomized.json" \
  "SAC=$out/eval-sac-nominal.json" "SAC=$out/eval-sac-randomized.json" \
  "BC=$out/eval-bc-nominal.json" "BC=$out/eval-bc-randomized.json" \
  "expert=$out/eval-expert-nominal.json" "expert=$out/eval-expert-randomized.json" | tee "$out/evaluation.md"
