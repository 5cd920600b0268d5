package io.policyrt.drivers.transport;

import io.policyrt.controller.port.SensorSource;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InboundTaps;
import java.util.List;

/** A sensor source made of inbound channels, one per topic, which it declares when it starts. */
public interface ChannelSource extends SensorSource {
    /** The channels in declaration order; empty before {@link #start}. Any thread. */
    List<InboundChannel<?, ?>> channels();

    /**
     * Before {@link #start}: each channel gets its tap from {@code taps} when it is declared, before
     * its topic is subscribed, so that a tap sees every message of the run.
     */
    void tapChannels(InboundTaps taps);
}
