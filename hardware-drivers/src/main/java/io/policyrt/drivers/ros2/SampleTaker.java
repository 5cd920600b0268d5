package io.policyrt.drivers.ros2;

import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.ros2.msg.Ros2MessageException;
import us.ihmc.pubsub.common.MatchingInfo;
import us.ihmc.pubsub.subscriber.Subscriber;
import us.ihmc.pubsub.subscriber.SubscriberListener;

/**
 * Takes each DDS sample of one subscription into a preallocated holder (the type decodes the CDR
 * straight into it) and hands it to its {@link InboundChannel}. A sample the type refuses counts
 * under the reason it carries; one DDS announced but could not hand over counts as
 * {@link Reject#UNREADABLE}. Runs on the subscription's DDS thread; never throws.
 */
final class SampleTaker<T> implements SubscriberListener<T> {
    private final T holder;
    private final InboundChannel<T, ?> channel;
    private final String unreadable;

    /** @param receiveBufferHint what bounds this topic's receive buffer, for the unreadable-sample log */
    SampleTaker(T holder, InboundChannel<T, ?> channel, String receiveBufferHint) {
        this.holder = holder;
        this.channel = channel;
        this.unreadable = "the sample could not be read (larger than the " + receiveBufferHint + " receive buffer, or lost)";
    }

    @Override
    public void onNewDataMessage(Subscriber<T> subscriber) {
        boolean taken;
        try {
            // One take per callback: looping until false makes the native side log read errors. No
            // SampleInfo: filling one allocates on every sample, and the header stamp is what counts.
            taken = subscriber.takeNextData(holder, null);
        } catch (Ros2MessageException e) {
            channel.reject(e.reason(), e.getMessage());
            return;
        } catch (IllegalArgumentException e) { // a domain value refused it (a path of zero length, say)
            channel.reject(Reject.INVALID, e.getMessage());
            return;
        }
        if (taken) {
            channel.receive(holder);
        } else {
            channel.reject(Reject.UNREADABLE, unreadable);
        }
    }

    @Override
    public void onSubscriptionMatched(Subscriber<T> subscriber, MatchingInfo info) {
    }
}
