package io.policyrt.drivers.ros2;

import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.inbound.WireFrame;
import io.policyrt.drivers.ros2.msg.Ros2MessageException;
import us.ihmc.pubsub.common.Guid;
import us.ihmc.pubsub.common.MatchingInfo;
import us.ihmc.pubsub.common.SampleInfo;
import us.ihmc.pubsub.subscriber.Subscriber;
import us.ihmc.pubsub.subscriber.SubscriberListener;

/**
 * Takes each DDS sample of one subscription into a preallocated holder (the type decodes the CDR
 * straight into it) and hands it to its {@link InboundChannel}. A sample the type refuses counts
 * under the reason it carries; one DDS announced but could not hand over counts as
 * {@link Reject#UNREADABLE}. Runs on the subscription's DDS thread; never throws.
 *
 * <p>Two kinds: {@link #anonymous} for sensors, whose sender does not matter (the sample is taken
 * without a SampleInfo, and the topic is the source), and {@link #namingWriters} for inputs that
 * latch per sender (the e-stop and its release topic): the sample is taken with a preallocated
 * SampleInfo and the writer's GUID ({@link WriterGuidNames}) is the source of what it delivers,
 * and of what it is refused for. The library fills the SampleInfo before it decodes, so a sample
 * the type refuses still names its writer; a sample DDS could not hand over names no writer, and
 * its source is the topic.
 *
 * <p>Each sample reaches the channel with its CDR bytes ({@link Ros2MessageType#taken()}), also a
 * sample the type refused, for a tap that records them.
 */
final class SampleTaker<T> implements SubscriberListener<T> {
    private final T holder;
    private final InboundChannel<T, ?> channel;
    private final String unreadable;
    private final SampleInfo info;
    private final Guid writer;
    private final WriterGuidNames names;
    private final WireFrame wire;

    private SampleTaker(T holder, InboundChannel<T, ?> channel, WireFrame wire, String receiveBufferHint, boolean namingWriters) {
        this.holder = holder;
        this.channel = channel;
        this.wire = wire;
        this.unreadable = "the sample could not be read (larger than the " + receiveBufferHint + " receive buffer, or lost)";
        this.info = namingWriters ? new SampleInfo() : null;
        this.writer = namingWriters ? info.getSampleIdentity().getGuid() : null;
        this.names = namingWriters ? new WriterGuidNames() : null;
    }

    /**
     * Samples whose sender does not matter: taken without a SampleInfo (filling one costs the
     * library extra work per sample, and the header stamp is what counts); the source is the topic.
     *
     * @param receiveBufferHint what bounds this topic's receive buffer, for the unreadable-sample log
     */
    static <T> SampleTaker<T> anonymous(T holder, InboundChannel<T, ?> channel, WireFrame wire, String receiveBufferHint) {
        return new SampleTaker<>(holder, channel, wire, receiveBufferHint, false);
    }

    /** Samples whose source is their writer: taken with a SampleInfo; the writer GUID names the source. */
    static <T> SampleTaker<T> namingWriters(T holder, InboundChannel<T, ?> channel, WireFrame wire, String receiveBufferHint) {
        return new SampleTaker<>(holder, channel, wire, receiveBufferHint, true);
    }

    @Override
    public void onNewDataMessage(Subscriber<T> subscriber) {
        if (writer != null) {
            writer.fromPrimitives(0, 0); // a take that fails must not leave the previous sample's writer behind
        }
        wire.clear(); // nor the previous sample's bytes
        boolean taken;
        try {
            // One take per callback: looping until false makes the native side log read errors.
            taken = subscriber.takeNextData(holder, info);
        } catch (Ros2MessageException e) {
            channel.reject(e.reason(), e.getMessage(), source(), taken());
            return;
        } catch (IllegalArgumentException e) { // a domain value refused it (a path of zero length, say)
            channel.reject(Reject.INVALID, e.getMessage(), source(), taken());
            return;
        } catch (RuntimeException e) { // a decoder bug must not kill the DDS thread, nor lose an e-stop
            channel.reject(Reject.MALFORMED, "the sample could not be decoded: " + e, source(), taken());
            return;
        }
        if (taken) {
            channel.receive(holder, source(), taken());
        } else {
            channel.reject(Reject.UNREADABLE, unreadable, channel.name());
        }
    }

    /** The CDR bytes of the sample just taken, or null when the take read none. */
    private WireFrame taken() {
        return wire.present() ? wire : null;
    }

    /** The writer of the sample just taken, or the topic when the sender is not named or not known. */
    private String source() {
        if (names == null) {
            return channel.name();
        }
        String name = names.nameOf(writer);
        return name != null ? name : channel.name();
    }

    @Override
    public void onSubscriptionMatched(Subscriber<T> subscriber, MatchingInfo info) {
    }
}
