#!/usr/bin/env bash
# Runs the soak: the controller at 100 Hz against the simulated robot over MQTT (a mosquitto it
# starts on a free loopback port) or ROS 1 (a rosmaster it starts), with a flood of malformed
# sensor messages and a peer restart every few minutes; samples heap after GC, threads and file
# descriptors, and exits 1 when an invariant breaks. Builds benchmarks/target/benchmarks.jar
# first when it is missing or a source changed. Options go to the soak (--help lists them):
#
#   benchmarks/soak.sh --transport mqtt --minutes 30
#   benchmarks/soak.sh --transport ros1 --minutes 30 --disturb-every-s 120
#
# Needs a JDK 17+, Maven, and the Debian packages mosquitto (MQTT) or ros-core (ROS 1).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/benchmarks-jar.sh" soak

cd "$root"
exec java --add-modules jdk.incubator.vector ${SOAK_JAVA_OPTS:-} -Dpolicyrt.repo="$root" -cp "$jar" io.policyrt.benchmarks.soak.Soak "$@"
