#!/usr/bin/env bash
# The Java MLP evaluator against ONNX Runtime: runs MlpBackendBenchmark (onnxruntime, java-vector)
# on the shipped policies and the synthetic 2x64..4x512 MLPs, and ControlTickBenchmark with
# policy.backend auto, both with -prof gc, and WeightReadBenchmark (each file's weights read once:
# the floor under a batch-1 forward pass), then prints one markdown report (MlpReport): time,
# ratio, FLOP/s, fraction of one core's peak, the read floor, weight bytes and heap bytes per call and per tick.
#
# Usage: benchmarks/jmh-mlp-report.sh [JMH options]   (default: -wi 3 -w 1 -i 5 -r 1 -f 1)
# The JMH JSON results stay in benchmarks/target/mlp-report/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/benchmarks-jar.sh" jmh-mlp-report

jmh_options=("$@")
[[ ${#jmh_options[@]} -eq 0 ]] && jmh_options=(-wi 3 -w 1 -i 5 -r 1 -f 1)
out="$root/benchmarks/target/mlp-report"
mkdir -p "$out"
shipped=policy-export/models/tracking-bc.onnx,policy-export/models/tracking-obstacle-v1-dsact.onnx
mlps=benchmarks/models/mlp-2x64.onnx,benchmarks/models/mlp-3x256.onnx,benchmarks/models/mlp-4x512.onnx

cd "$root"
echo "jmh-mlp-report: load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java -Dpolicyrt.repo="$root" -jar "$jar" MlpBackendBenchmark -p policyFile="$shipped,$mlps" \
  -p backend=onnxruntime,java-vector -prof gc "${jmh_options[@]}" -rf json -rff "$out/mlp-backend.json" > "$out/mlp-backend.log"
java -Dpolicyrt.repo="$root" -jar "$jar" ControlTickBenchmark -p policyFile="$shipped" \
  -p backend=auto -prof gc "${jmh_options[@]}" -rf json -rff "$out/control-tick.json" > "$out/control-tick.log"
java -Dpolicyrt.repo="$root" -jar "$jar" WeightReadBenchmark -p policyFile="$shipped,$mlps" \
  "${jmh_options[@]}" -rf json -rff "$out/weight-read.json" > "$out/weight-read.log"
echo "jmh-mlp-report: load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java --add-modules jdk.incubator.vector -Dpolicyrt.repo="$root" -cp "$jar" io.policyrt.benchmarks.MlpReport \
  "$out/mlp-backend.json" "$out/control-tick.json" "$out/weight-read.json"
