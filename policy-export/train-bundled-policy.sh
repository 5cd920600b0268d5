#!/usr/bin/env bash
# Reproduces the bundled behaviour-cloned policy, policy-export/models/tracking-bc.onnx:
#   1. record the pure-pursuit expert (with DART action noise) in lock-step episodes;
#   2. train an MLP by behaviour cloning;
#   3. DAgger rounds: drive with the latest policy, let the expert label the states it visits,
#      aggregate, retrain.
# Usage (from the repository root): policy-export/train-bundled-policy.sh [WORKDIR] [ROUNDS] [SEEDS] [EPOCHS]
# Everything it writes goes to WORKDIR (default target/bc); copy the result into models/ by hand.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${1:-target/bc}; rounds=${2:-5}; seeds=${3:-20}; epochs=${4:-30}
python=${POLICYRT_PYTHON:-/usr/bin/python3}
mkdir -p "$out"

train() {
  "$python" policy-export/python/train_bc.py --dataset "$out/all.csv" --out "$out/tracking-bc.onnx" \
    --epochs "$epochs" --seed 1 --hidden 256,256 --control-period 0.02 --robot-radius 0.3 \
    --task tracking-obstacle-v1 --v-range 0.0,0.8 --w-range=-1.5,1.5 | tail -2
}

./policyrt sim record-expert --out "$out/d0.csv" --seeds-per-case "$seeds" --seed 42
cp "$out/d0.csv" "$out/all.csv"
train
for r in $(seq 1 "$rounds"); do
  ./policyrt sim evaluate --policy "$out/tracking-bc.onnx" --seeds 10 | grep "|"
  ./policyrt sim record-expert --out "$out/d$r.csv" --seeds-per-case "$seeds" --seed $((42 + r)) \
    --driver "$out/tracking-bc.onnx"
  tail -n +2 "$out/d$r.csv" >> "$out/all.csv"
  train
done
./policyrt sim evaluate --policy "$out/tracking-bc.onnx" --seeds 100 | tee "$out/evaluation.md"
