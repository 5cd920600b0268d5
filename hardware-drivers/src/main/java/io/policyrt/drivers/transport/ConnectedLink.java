package io.policyrt.drivers.transport;

import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InboundTaps;
import io.policyrt.drivers.outbound.HandOffCommandSink;
import java.util.List;

/**
 * A link over a connection the link owns (a broker connection, a node, a DDS participant): its
 * channel source and command hand-off, and the one closing order every such transport keeps:
 * the command sink first (it sends the loop's final zero), then the sensors, then the connection.
 */
public abstract class ConnectedLink<S extends ChannelSource, C extends HandOffCommandSink> implements TransportLink {
    private final S sensors;
    private final C commands;
    private boolean closed;

    protected ConnectedLink(S sensors, C commands) {
        this.sensors = sensors;
        this.commands = commands;
    }

    /** Leaves the broker, the ROS graph or the DDS domain; called once, after the sink and the sensors closed. */
    protected abstract void disconnect();

    @Override
    public final S sensors() { return sensors; }

    @Override
    public final C commands() { return commands; }

    @Override
    public final List<InboundChannel<?, ?>> channels() { return sensors.channels(); }

    @Override
    public final void tapInbound(InboundTaps taps) { sensors.tapChannels(taps); }

    /** Whether {@link #close} has run. */
    protected final synchronized boolean closed() { return closed; }

    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        commands.close();
        sensors.close();
        disconnect();
    }
}
