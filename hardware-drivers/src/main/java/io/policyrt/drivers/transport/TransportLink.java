package io.policyrt.drivers.transport;

import io.policyrt.controller.port.CommandSink;
import io.policyrt.controller.port.SensorSource;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InboundTaps;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An open link to the robot over one transport: what the controller runtime needs of any of them.
 * The runtime starts {@link #sensors()} with its slots, hands {@link #commands()} to the tick,
 * reads {@link #channels()} and {@link #summary()} for status and reports, and closes the link
 * after the loop has stopped.
 */
public interface TransportLink extends AutoCloseable {
    /** The transport's kind as configured in {@code transport.kind}. */
    String kind();

    /** Where the link goes, for the start-up line (broker, master and node, DDS domain). */
    String endpoint();

    /** The controller's inputs: {@code start(slots)} subscribes every channel. */
    SensorSource sensors();

    /** The controller's outputs: the command hand-off to the transport's publisher. */
    CommandSink commands();

    /** The inbound channels in the order the transport declares them; empty before the sensors start. */
    List<InboundChannel<?, ?>> channels();

    /**
     * Before the sensors start: every inbound channel gets its tap from {@code taps} before its
     * topic is subscribed (a flight recorder sees every message). A link without inbound channels
     * (the in-process simulator) has nothing to tap.
     */
    void tapInbound(InboundTaps taps);

    /** The inbound channel of topic {@code name} (as the transport names it, e.g. /odom), or null. */
    default InboundChannel<?, ?> channel(String name) {
        return InboundChannel.named(channels(), name);
    }

    /** Whether the transport can deliver right now (connected to its broker, joined to its master). Any thread. */
    boolean isUp();

    /** The link's own counters on one line: connects, losses, commands published, failures. */
    String summary();

    /** What the transport found wrong with its peers so far (ROS 2 QoS mismatches), one finding a line. */
    default List<String> diagnostics() {
        return List.of();
    }

    /**
     * Lets the transport publish the controller's status where it carries one (the retained MQTT
     * status); {@code fields} returns JSON members to append, starting with a comma.
     */
    default void statusFields(Supplier<String> fields) {
    }

    /**
     * Registers what to do when a peer asks this process to shut down over the transport (ROS 1's
     * slave API {@code shutdown}, which {@code rosnode kill} sends). The handler runs once, on a
     * thread of its own, with the caller's reason; the link keeps its publishers open until it is
     * closed, so the handler can stop the loop (whose final zero then still goes out) and close
     * the link. Transports without such a request ignore it.
     */
    default void onShutdownRequest(Consumer<String> handler) {
    }

    /** Closes the command sink first (sending what is pending, the loop's final stop), then the transport. Idempotent. */
    @Override
    void close();
}
