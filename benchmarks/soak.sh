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
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
stamp="$root/benchmarks/target/bench.build-stamp"

needs_build() {
  [[ ! -f "$stamp" || ! -f "$jar" ]] && return 0
  [[ -n "$(find "$root" -path "$root/.git" -prune -o -path '*/target' -prune -o \
      \( -name '*.java' -o -name 'pom.xml' -o -name '*.onnx' \) -newer "$stamp" -print -quit)" ]]
}

if needs_build; then
  echo "soak: building benchmarks/target/benchmarks.jar (first run or sources changed)..." >&2
  (cd "$root" && mvn -q -B -DskipTests -pl benchmarks -am package) >&2
  touch "$stamp"
fi

cd "$root"
exec java ${SOAK_JAVA_OPTS:-} -Dpolicyrt.repo="$root" -cp "$jar" io.policyrt.benchmarks.soak.Soak "$@"
