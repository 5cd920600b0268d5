package io.policyrt.drivers.outbound;

import io.policyrt.controller.domain.VelocityCommand;

/**
 * Whoever wants to see when each velocity command left the command hand-off (the latency
 * harness's per-hop timing), as the {@link io.policyrt.controller.telemetry.TickTap} sees each
 * tick and the {@link io.policyrt.drivers.inbound.InboundTap} each inbound message. Without a tap
 * nothing is timed and nothing is called.
 *
 * <p>Contract: called on the thread that handed the command to the transport, right after the
 * transport's publish call returned. It must not block, must not allocate, must not throw and
 * must not keep {@code command}.
 */
@FunctionalInterface
public interface SendTap {
    /**
     * @param command          the velocity command just handed to the transport
     * @param pickedUpNanos    {@link System#nanoTime()} when the sending thread took the round's commands from the hand-off
     * @param sendEnteredNanos {@link System#nanoTime()} when the transport's publish call for it was entered
     * @param sendReturnedNanos {@link System#nanoTime()} when that call returned
     */
    void onSent(VelocityCommand command, long pickedUpNanos, long sendEnteredNanos, long sendReturnedNanos);
}
