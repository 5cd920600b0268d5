package io.policyrt.drivers.transport;

import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundRules;

/**
 * One way to reach a robot, registered by its {@code transport.kind}: opens a {@link TransportLink}
 * from the transport's own settings.
 *
 * @param <S> the transport's settings, made from its configuration section
 */
@FunctionalInterface
public interface Transport<S> {
    /**
     * Connects (or joins, or starts) and sets up the command publishers; the sensors subscribe
     * when the runtime starts them.
     *
     * @param clock                the receiver's clock, on the time base of the message stamps
     * @param futureToleranceNanos an inbound stamp further ahead of {@code clock} is refused
     */
    TransportLink open(S settings, NanoClock clock, InboundRules inbound) throws TransportException;
}
