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
import io.policyrt.drivers.inbound.InboundRules;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.transport.ChannelSource;
import java.util.List;

/**
 * The controller's sensors over MQTT: the odometry, obstacle, path and e-stop topics, each an
 * {@link InboundChannel} decoding on Paho's callback thread into the loop's slots.
 *
 * <p>While the connection is down nothing arrives: the slots keep their last values, whose stamps
 * age until the safety governor stops the robot (stale odometry). After the connection returns
 * and the topics are resubscribed, fresh values resume the loop by themselves.
 */
public final class MqttSensorSource implements ChannelSource {
    private final MqttConnection connection;
    private final MqttTopics topics;
    private final NanoClock clock;
    private final InboundRules inbound;
    private volatile List<InboundChannel<?, ?>> channels = List.of();

    /** @param futureToleranceNanos stamps further ahead of {@code clock} are refused */
    public MqttSensorSource(MqttConnection connection, MqttTopics topics, NanoClock clock, InboundRules inbound) {
        this.connection = connection;
        this.topics = topics;
        this.clock = clock;
        this.inbound = inbound;
    }

    @Override
    public void start(SensorSlots slots) throws MqttTransportException {
        PathBuffer pathBuffer = new PathBuffer(slots.path().latest().capacity());
        channels = List.of(
                subscribe(topics.odometry(), slots.odometry(), new Odometry(), PayloadCodec::decodeOdometry),
                subscribe(topics.obstacle(), slots.obstacle(), new ObstacleTrack(), PayloadCodec::decodeObstacle),
                subscribe(topics.path(), slots.path(), new PathReference(pathBuffer.capacity()), (codec, p, header, into) -> {
                    Reject r = codec.decodePath(p, header, pathBuffer);
                    if (r == Reject.NONE) {
                        into.set(header.stampNanos(), pathBuffer.xM(), pathBuffer.yM(), pathBuffer.count(), pathBuffer.targetSpeedMps());
                    }
                    return r;
                }),
                subscribe(topics.estop(), slots.estop(), new EStopSignal(), PayloadCodec::decodeEStop));
        connection.start();
    }

    private <V extends Copyable<V>> InboundChannel<byte[], V> subscribe(TopicSpec topic, InputSlot<V> slot, V decoded,
                                                                        MqttInbound.PayloadDecoder<V> decoder) {
        InboundChannel<byte[], V> channel = MqttInbound.channel(topic, slot, decoded, decoder, clock, inbound.admission(), inbound.bounds());
        connection.subscribe(topic, channel::receive);
        return channel;
    }

    @Override
    /** The inbound topics in the order odometry, obstacle, path, e-stop (empty before start). */
    public List<InboundChannel<?, ?>> channels() { return channels; }

    /** Stops nothing of the shared connection: its owner closes it. */
    @Override
    public void close() {
    }
}
