package io.policyrt.launch.transport;

import io.policyrt.drivers.inbound.Reject;
import io.policyrt.launch.config.RuntimeConfig;

/**
 * The robot's side of one transport, for the transport contract suite: it publishes sensor
 * messages as a robot (or its drivers) would, on the transport's real peer (broker, master, DDS
 * participant), and records the body-velocity commands it receives. Stamps are nanoseconds since
 * the epoch, the controller's clock.
 */
abstract class RobotPeer implements AutoCloseable {
    /** What the contract checks, by name; a transport where one has no meaning says why. */
    enum Case { INPUTS, OUTPUTS, BAD_INPUT, STALE_INPUT, ESTOP, PEER_RESTART, FINAL_ZERO, CLOSE_UNDER_FLOOD, STALLED_LOOP,
        SHUTDOWN_REQUEST }

    /** The transport's kind, as in {@code transport.kind}. */
    abstract String kind();

    /** Why {@code c} has no meaning on this transport, or null when it applies. */
    String notApplicable(Case c) {
        return null;
    }

    /** Configures {@code c}'s transport section to reach this peer (and sets transport.kind). */
    abstract void configure(RuntimeConfig c);

    abstract void odometry(long stampNanos, double xM, double vMps) throws Exception;

    /** An odometry message whose x is NaN. */
    abstract void nonFiniteOdometry(long stampNanos) throws Exception;

    /** An obstacle 3 m ahead and 1 m to the left of the origin, in the world frame, radius 0.3 m. */
    abstract void obstacle(long stampNanos) throws Exception;

    /** A straight path along x, from the origin, {@code poses} poses. */
    abstract void path(long stampNanos, int poses) throws Exception;

    abstract void estop(boolean engaged) throws Exception;

    /**
     * An e-stop message from the sender called {@code source}, as the transport tells senders apart:
     * a node of that name (ROS 1), a DDS participant of its own (ROS 2), the payload's source field
     * (MQTT).
     */
    abstract void estopFrom(String source, boolean engaged) throws Exception;

    /** The name the controller's e-stop latch gives the sender called {@code source}, once it has sent. */
    abstract String estopSourceName(String source);

    /**
     * One e-stop message the controller cannot read, sent by the sender called {@code source} where
     * the transport can name one (the same sender on every call); returns the name the
     * controller's latch holds it under.
     */
    abstract String unreadableEStop(String source) throws Exception;

    /**
     * One message on the path topic that the transport cannot decode into a path (garbage bytes,
     * more poses than its receive bound) and returns the reason it must be counted under.
     */
    abstract Reject undecodablePath(long stampNanos) throws Exception;

    /** The linear velocity of the last body-velocity command received [m/s], NaN before any. */
    abstract double lastCommandVMps();

    /** Body-velocity commands received so far. */
    abstract long commandsReceived();

    /** The robot's side goes away and comes back (the broker, the robot's node, the DDS peer). */
    abstract void restart() throws Exception;

    /** Asks the controller's process to shut down over the transport, as a peer may ({@code rosnode kill}). */
    void askControllerToShutDown(RuntimeConfig config) throws Exception {
        throw new UnsupportedOperationException(kind() + " has no shutdown request");
    }

    /** Why a restart of this peer may not yet recover, where that is a known gap of the transport; null when it must. */
    final String knownRestartGap() {
        return RobotPeers.knownRestartGap(kind());
    }

    /** What the peer can tell about its side of the link, for a failure message. */
    String state() {
        return "";
    }

    @Override
    public abstract void close() throws Exception;
}
