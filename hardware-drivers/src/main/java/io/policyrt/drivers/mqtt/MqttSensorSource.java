package io.policyrt.drivers.mqtt;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.slot.Copyable;
import io.policyrt.controller.slot.InputSlot;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InboundTaps;
import io.policyrt.drivers.inbound.InboundRules;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.transport.ChannelSource;
import io.policyrt.controller.safety.EStopRules;
import java.util.ArrayList;
import java.util.List;

/**
 * The controller's sensors over MQTT: the odometry, obstacle, path and e-stop topics, each an
 * {@link InboundChannel} decoding on Paho's callback thread into the loop's slots, and the
 * e-stop's release topic when the latch is released there ({@link EStopRules.Release#RELEASE_TOPIC}).
 *
 * <p>E-stop: MQTT 3.1.1 carries no sender identity, so the sender is the topic, or the
 * {@code source} a JSON payload names. A message on the e-stop topic that cannot be read (too
 * long, malformed) reaches the latch as an engage by the topic. The e-stop topic is subscribed at
 * its QoS (1 by default) on a clean session: after every (re)connect the broker hands over the
 * retained message of the e-stop publisher, i.e. the button's current state, and nothing older
 * (no queue of stale messages from a persistent session). On the release topic only a live
 * message releases: a retained one (which the broker would replay at every reconnect) is refused,
 * and like every refused e-stop message it engages.
 *
 * <p>While the connection is down nothing arrives: the slots keep their last values, whose stamps
 * age until the safety governor stops the robot (stale odometry). After the connection returns
 * and the topics are resubscribed, fresh values resume the loop by themselves.
 *
 * <p><b>The tick never runs on Paho's callback thread</b>, even in on-message mode where that
 * would save the control thread's wake-up: that one thread delivers every topic of the
 * connection, e-stop included, from an inbound queue of 10 messages that it acknowledges only
 * after each callback returns. A tick there would put policy code (tens of microseconds to
 * milliseconds) in front of the next e-stop message and back the queue up into Paho's receiver
 * (what a flood already does); and the loop's own ticks (the silent-trigger ticks that apply the
 * input timeouts, the final stop) would run on a second thread, so the tick would need a lock.
 * The callback decodes into the slot, whose write wakes the control thread, and returns.
 */
public final class MqttSensorSource implements ChannelSource {
    private final MqttConnection connection;
    private final MqttTopics topics;
    private final NanoClock clock;
    private final InboundRules inbound;
    private volatile List<InboundChannel<?, ?>> channels = List.of();
    private volatile InboundTaps taps = InboundTaps.NONE;

    /** @param futureToleranceNanos stamps further ahead of {@code clock} are refused */
    public MqttSensorSource(MqttConnection connection, MqttTopics topics, NanoClock clock, InboundRules inbound) {
        this.connection = connection;
        this.topics = topics;
        this.clock = clock;
        this.inbound = inbound;
    }

    @Override
    public void tapChannels(InboundTaps taps) {
        this.taps = taps;
    }

    @Override
    public void start(SensorSlots slots) throws MqttTransportException {
        PathBuffer pathBuffer = new PathBuffer(slots.path().latest().capacity());
        List<InboundChannel<?, ?>> all = new ArrayList<>(List.of(
                subscribe(topics.odometry(), slots.odometry(), new Odometry(), PayloadCodec::decodeOdometry),
                subscribe(topics.obstacle(), slots.obstacle(), new ObstacleTrack(), PayloadCodec::decodeObstacle),
                subscribe(topics.path(), slots.path(), new PathReference(pathBuffer.capacity()), (codec, p, header, into) -> {
                    Reject r = codec.decodePath(p, header, pathBuffer);
                    if (r == Reject.NONE) {
                        into.set(header.stampNanos(), pathBuffer.xM(), pathBuffer.yM(), pathBuffer.count(), pathBuffer.targetSpeedMps());
                    }
                    return r;
                }),
                subscribe(topics.estop(), slots.estop(), new EStopSignal(), PayloadCodec::decodeEStop)));
        if (slots.estop().rules().release() == EStopRules.Release.RELEASE_TOPIC) {
            String release = topics.estopRelease().name();
            if (InboundChannel.named(all, release) != null) {
                throw new IllegalArgumentException("the e-stop release topic " + release + " must differ from the sensor and e-stop topics");
            }
            all.add(subscribeRelease(topics.estopRelease(), slots.estop().releaseInput()));
        }
        channels = List.copyOf(all);
        connection.start();
    }

    private <V extends Copyable<V>> InboundChannel<byte[], V> subscribe(TopicSpec topic, InputSlot<V> slot, V decoded,
                                                                        MqttInbound.PayloadDecoder<V> decoder) {
        InboundChannel<byte[], V> channel = InboundTaps.attach(taps,
                MqttInbound.channel(topic, slot, decoded, decoder, clock, inbound.admission(), inbound.bounds()), null);
        connection.subscribe(topic, channel::receive);
        return channel;
    }

    /** The release topic's channel: live messages are decoded; a retained one is refused, which engages. */
    private InboundChannel<byte[], EStopSignal> subscribeRelease(TopicSpec topic, InputSlot<EStopSignal> releaseInput) {
        InboundChannel<byte[], EStopSignal> channel = InboundTaps.attach(taps, MqttInbound.channel(topic, releaseInput, new EStopSignal(),
                PayloadCodec::decodeEStop, clock, inbound.admission(), inbound.bounds()), null);
        connection.subscribeWithRetainFlag(topic, (payload, retained) -> {
            if (retained) {
                channel.reject(Reject.INVALID, RETAINED_RELEASE);
            } else {
                channel.receive(payload);
            }
        });
        return channel;
    }

    private static final String RETAINED_RELEASE = "a retained message on the release topic: a release must be sent live, "
            + "never replayed by the broker at a reconnect (counts as an engage; clear it with an empty retained message)";

    /**
     * The inbound topics in the order odometry, obstacle, path, e-stop, and the e-stop's release
     * topic when subscribed (empty before start).
     */
    @Override
    public List<InboundChannel<?, ?>> channels() { return channels; }

    /** Stops nothing of the shared connection: its owner closes it. */
    @Override
    public void close() {
    }
}
