package io.policyrt.benchmarks.soak;

import io.policyrt.launch.config.RuntimeConfig;

/**
 * The transport's peer side of a soak: the broker or master it starts on a free loopback port,
 * the hostile flood of the sensor topics and the peer restart, and an independent observer that
 * sees every command the controller sends to the robot.
 */
interface SoakPeer extends AutoCloseable {
    /** Points the configuration's transport section at this peer. */
    void configure(RuntimeConfig c);

    /** Starts the observer of the controller's commands (after {@link #configure}). */
    void observe(CommandObserver observer, RuntimeConfig c) throws Exception;

    /** Floods the sensor topics with malformed messages for {@code durationMs}; returns how many were sent. */
    long flood(RuntimeConfig c, long durationMs) throws Exception;

    /** Restarts what the transport depends on between the robot and the controller (the broker; the robot's node). */
    void restart(RobotSide robot) throws Exception;

    /** What a restart restarts, for the report. */
    String restartName();
}
