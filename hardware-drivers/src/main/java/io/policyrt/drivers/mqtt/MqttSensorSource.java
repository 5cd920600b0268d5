package io.policyrt.drivers.mqtt;

import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.port.SensorSource;
import io.policyrt.controller.slot.LatestValue;
import io.policyrt.controller.telemetry.RateLimitedLog;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.Reject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The controller's sensors over MQTT: odometry, obstacle, path and e-stop topics decoded on
 * Paho's callback thread straight into the loop's slots (claim, decode, publish), with rejects
 * counted per topic and logged at most once a second.
 *
 * <p>While the connection is down nothing arrives: the slots keep their last values, whose stamps
 * age until the safety governor stops the robot (stale odometry). After the connection returns
 * and the topics are resubscribed, fresh values resume the loop by themselves.
 */
public final class MqttSensorSource implements SensorSource {
    private final MqttConnection connection;
    private final MqttTopics topics;
    private final NanoClock clock;
    private final long futureToleranceNanos;
    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(MqttSensorSource.class),
            TimeUnit.SECONDS.toNanos(1));
    private volatile List<InboundTopic> inbound = List.of();

    /**
     * @param futureToleranceNanos stamps further ahead of {@code clock} are refused (a sender with a
     *                             wrong clock must not lock the topic with a far-future stamp)
     */
    public MqttSensorSource(MqttConnection connection, MqttTopics topics, NanoClock clock, long futureToleranceNanos) {
        this.connection = connection;
        this.topics = topics;
        this.clock = clock;
        this.futureToleranceNanos = futureToleranceNanos;
    }

    @Override
    public void start(SensorSlots slots) throws MqttTransportException {
        InboundTopic odom = new InboundTopic(topics.odometry(), clock, futureToleranceNanos, 0, log) {
            private final PayloadCodec codec = PayloadCodec.of(topic().format());

            @Override
            protected Reject decode(byte[] p) {
                return codec.decodeOdometry(p, header, slots.odometry().claim());
            }

            @Override
            protected void publish() {
                slots.odometry().publish();
            }
        };
        InboundTopic obstacle = new InboundTopic(topics.obstacle(), clock, futureToleranceNanos, 0, log) {
            private final PayloadCodec codec = PayloadCodec.of(topic().format());

            @Override
            protected Reject decode(byte[] p) {
                return codec.decodeObstacle(p, header, slots.obstacle().claim());
            }

            @Override
            protected void publish() {
                slots.obstacle().publish();
            }
        };
        LatestValue<PathReference> pathSlot = slots.path();
        PathBuffer pathBuffer = new PathBuffer(pathSlot.claim().capacity());
        InboundTopic path = new InboundTopic(topics.path(), clock, futureToleranceNanos, 0, log) {
            private final PayloadCodec codec = PayloadCodec.of(topic().format());

            @Override
            protected Reject decode(byte[] p) {
                Reject r = codec.decodePath(p, header, pathBuffer);
                if (r == Reject.NONE) {
                    try {
                        pathSlot.claim().set(header.stampNanos(), pathBuffer.xM(), pathBuffer.yM(), pathBuffer.count(),
                                pathBuffer.targetSpeedMps());
                    } catch (IllegalArgumentException e) {
                        return Reject.INVALID;
                    }
                }
                return r;
            }

            @Override
            protected void publish() {
                pathSlot.publish();
            }
        };
        InboundTopic estop = new InboundTopic(topics.estop(), clock, futureToleranceNanos, 0, log) {
            private final PayloadCodec codec = PayloadCodec.of(topic().format());

            @Override
            protected Reject decode(byte[] p) {
                return codec.decodeEStop(p, header, slots.estop().claim());
            }

            @Override
            protected void publish() {
                slots.estop().publish();
            }
        };
        inbound = List.of(odom, obstacle, path, estop);
        for (InboundTopic t : inbound) {
            connection.subscribe(t.topic(), t);
        }
        connection.start();
    }

    /** The inbound topics in the order odometry, obstacle, path, e-stop (empty before start). */
    public List<InboundTopic> inbound() { return inbound; }

    public InboundTopic odometry() { return inbound.get(0); }

    /** Total rejects over every sensor topic. Any thread. */
    public long rejectedTotal() {
        long n = 0;
        for (InboundTopic t : inbound) {
            n += t.rejectedTotal();
        }
        return n;
    }

    /** {@code "odom":{...},"obstacle":{...}} counts per topic, for the status payload. */
    public String countsJson() {
        StringBuilder sb = new StringBuilder();
        for (InboundTopic t : inbound) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append('"').append(t.topic().name()).append("\":").append(t.countsJson());
        }
        return "{" + sb + "}";
    }

    /** Stops nothing of the shared connection: its owner closes it. */
    @Override
    public void close() {
    }

    public MqttConnection connection() { return connection; }
}
