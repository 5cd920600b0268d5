#!/usr/bin/env bash
# Runs the end-to-end latency harness: PolicyRT in-process, over MQTT (a mosquitto it starts
# on a free loopback port), against a Python paho-mqtt + PyTorch node and a naive Java loop on
# the same broker, and over ROS 1 (a rosmaster it starts) against a rospy + PyTorch node, one leg
# after the other. Builds benchmarks/target/benchmarks.jar first when
# it is missing or a source changed. Options go to the harness (--help lists them); results go
# to benchmarks/results/ unless --out says otherwise.
#
# Needs a JDK 17+, Maven, and the Debian packages mosquitto, python3-paho-mqtt, python3-torch,
# python3-onnx and python3-numpy, and for the ROS 1 legs ros-core, python3-rospy and Debian's ROS 1
# message packages (./run-tests installs them).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/benchmarks-jar.sh" bench

cd "$root"
# --add-modules: PolicyRT's Java MLP evaluator runs on the Vector API, as ./policyrt runs it.
exec java --add-modules jdk.incubator.vector ${BENCH_JAVA_OPTS:-} -Dpolicyrt.repo="$root" -cp "$jar" io.policyrt.benchmarks.latency.LatencyHarness "$@"
