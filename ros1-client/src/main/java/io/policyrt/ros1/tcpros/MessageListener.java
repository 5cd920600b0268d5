package io.policyrt.ros1.tcpros;

import io.policyrt.ros1.msg.RosMessage;

/**
 * Receives the messages of one subscription. Called on a connection's receive thread, one call
 * at a time per subscription, with the same reused message instance: copy what must outlive the
 * call, never block.
 */
@FunctionalInterface
public interface MessageListener<M extends RosMessage> {
    void onMessage(M message);
}
