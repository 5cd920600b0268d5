package io.policyrt.benchmarks.latency;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.port.CommandSink;

/**
 * Puts the echoed odometry stamp where a ROS 1 velocity command can carry it: forwards each
 * command with its stamp replaced by the stamp of the odometry it was computed from, so that
 * TwistStamped's {@code header.stamp} echoes it, as the rospy peer's commands do (a Twist has no
 * field for it, and PolicyRT's ROS 1 sink stamps a TwistStamped with the command's own time). One
 * copy into a preallocated command; nothing else changes. Control thread only.
 */
final class OdometryStampEcho implements CommandSink {
    private final CommandSink sink;
    private final VelocityCommand echoed = new VelocityCommand();

    OdometryStampEcho(CommandSink sink) {
        this.sink = sink;
    }

    @Override
    public void send(WheelCommand wheels, VelocityCommand velocity) {
        long odometryStampNanos = velocity.odometryStampNanos();
        echoed.set(odometryStampNanos, velocity.vMps(), velocity.wRadps()).setOdometryStampNanos(odometryStampNanos);
        sink.send(wheels, echoed);
    }

    /** The sink the commands go to. */
    CommandSink target() {
        return sink;
    }

    @Override
    public void close() {
        sink.close();
    }
}
