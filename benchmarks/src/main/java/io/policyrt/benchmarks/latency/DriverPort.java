package io.policyrt.benchmarks.latency;

import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;

/**
 * The sensor driver's end of one transport: how sensor messages reach the node under test and how
 * its commands come back (into the {@link CommandProbe} the port was opened with). One class per
 * transport (in-process slots, MQTT, ROS 1, ...); the driver thread calls the publish methods.
 */
public interface DriverPort extends AutoCloseable {
    /** Sends the reference path once, before the stream starts (reliably: the node needs it). */
    void publishPath(PathReference path);

    void publishOdometry(Odometry odometry);

    void publishObstacle(ObstacleTrack obstacle);

    /** Stops listening for commands and releases the transport. */
    @Override
    void close();
}
