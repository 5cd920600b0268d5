#!/usr/bin/env bash
# Loopback latency of the ROS 1 transport: Java -> Java one way, Java -> Java relay -> Java and
# Java -> rospy relay -> Java round trips, 48-byte geometry_msgs/Twist messages. Starts its own
# rosmaster (Debian ros-core). Arguments: [messages] [rate_hz], default 5000 at 500 Hz.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# compiles, and lists the third-party jars (the reactor modules come from their target/classes)
mvn -q -pl hardware-drivers -am test-compile dependency:build-classpath -DexcludeGroupIds=io.policyrt \
  -Dmdep.outputFile=target/ros1-latency.cp
exec java -Dpolicyrt.repo="$root" \
  -cp "hardware-drivers/target/test-classes:hardware-drivers/target/classes:ros1-client/target/classes:controller/target/classes:$(cat hardware-drivers/target/ros1-latency.cp)" \
  io.policyrt.drivers.ros1.testing.Ros1LatencyProbe "$@"
