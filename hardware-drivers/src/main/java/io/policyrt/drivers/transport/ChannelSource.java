package io.policyrt.drivers.transport;

import io.policyrt.controller.port.SensorSource;
import io.policyrt.drivers.inbound.InboundChannel;
import java.util.List;

/** A sensor source made of inbound channels, one per topic, which it declares when it starts. */
public interface ChannelSource extends SensorSource {
    /** The channels in declaration order; empty before {@link #start}. Any thread. */
    List<InboundChannel<?, ?>> channels();
}
