package io.policyrt.benchmarks.latency;

import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.MessageHeader;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.mqtt.JsonCodec;
import io.policyrt.drivers.mqtt.MqttConnection;
import io.policyrt.drivers.mqtt.MqttSettings;
import io.policyrt.drivers.mqtt.MqttTopics;
import io.policyrt.ros1.msg.geometry_msgs.TwistStamped;
import io.policyrt.ros1.node.Ros1Node;
import io.policyrt.ros1.node.Ros1NodeSettings;
import io.policyrt.ros1.tcpros.TopicPublisher;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The transport floor: a trivial echo on the leg's transport with no controller in between. Each
 * odometry message is answered at once, on the transport's receive thread, by a velocity command
 * that carries the odometry's stamp and its speeds (so the probe counts it as a driving command).
 * It uses the same client code as PolicyRT's transport (MQTT: {@link MqttConnection} and the JSON
 * codec, command topic at its QoS 0; ROS 1: this project's ROS 1 node, TwistStamped on
 * {@code /cmd_vel}), so the leg's end-to-end time is what the transport alone costs, and PolicyRT's
 * end-to-end time minus it is what PolicyRT adds.
 *
 * <p>Processing: decode of the odometry to the publish call's return, on the receive thread.
 */
abstract class TransportFloorNode implements NodeUnderTest {
    private final Histogram processing = new Histogram(1, 10_000_000_000L, 3);
    private volatile boolean resetRequested;
    /** Per-hop timing, or null; set before {@link #start}. */
    CommandHops hops;

    /** The echo over MQTT on the standard topics, at the broker {@code brokerUri}. */
    static TransportFloorNode mqtt(String brokerUri, MqttTopics topics, NanoClock clock) {
        return new Mqtt(brokerUri, topics, clock);
    }

    /** The echo over ROS 1 on the driver's topics, a node of its own on the master {@code masterUri}. */
    static TransportFloorNode ros1(String masterUri) {
        return new Ros1(masterUri);
    }

    /** Reports each echo's receive and send call to {@code hops}; call before {@link #start}. */
    final void traceHops(CommandHops hops) {
        this.hops = hops;
    }

    /** Receive thread: the echo of {@code odometryStampNanos}, received at {@code receivedNanos}, is sent now ({@link System#nanoTime()}). */
    final long sending(long odometryStampNanos, long receivedNanos) {
        long now = System.nanoTime();
        if (hops != null) {
            hops.received(odometryStampNanos, receivedNanos);
            hops.at(odometryStampNanos, CommandHops.Moment.SEND_ENTERED, now);
        }
        return now;
    }

    /** Receive thread: the echo's send call returned. */
    final void sent(long odometryStampNanos) {
        if (hops != null) {
            hops.at(odometryStampNanos, CommandHops.Moment.SEND_RETURNED, System.nanoTime());
        }
    }

    /** Records one echo's processing time [ns]; receive thread only. */
    final void recordProcessing(long startNanos) {
        if (resetRequested) {
            processing.reset();
            resetRequested = false;
        }
        processing.recordValue(Math.max(0, Math.min(System.nanoTime() - startNanos, processing.getHighestTrackableValue())));
    }

    @Override
    public final void resetStats() {
        resetRequested = true;
    }

    @Override
    public final NodeStats stop() {
        close();
        return new NodeStats(processing.copy(), null, null, -1, "odometry received to echo handed to the client (transport floor)",
                Map.of());
    }

    private static final class Mqtt extends TransportFloorNode {
        private final String brokerUri;
        private final MqttTopics topics;
        private final NanoClock clock;
        private final JsonCodec codec = JsonCodec.INSTANCE;
        private final MessageHeader header = new MessageHeader();
        private final Odometry odometry = new Odometry();
        private final VelocityCommand command = new VelocityCommand();
        private MqttConnection connection;
        private long sequence;

        Mqtt(String brokerUri, MqttTopics topics, NanoClock clock) {
            this.brokerUri = brokerUri;
            this.topics = topics;
            this.clock = clock;
        }

        @Override
        public void start() throws Exception {
            connection = new MqttConnection(MqttSettings.of(brokerUri, "policyrt-bench-floor"), "controller", topics.status(), clock);
            String commandTopic = topics.velocityCommand().name();
            int qos = topics.velocityCommand().qos();
            connection.subscribe(topics.odometry(), payload -> {
                long start = System.nanoTime();
                if (codec.decodeOdometry(payload, header, odometry) != Reject.NONE) {
                    return;
                }
                command.set(clock.nanoTime(), odometry.vMps(), odometry.wRadps()).setOdometryStampNanos(odometry.stampNanos());
                byte[] echoPayload = codec.encodeVelocityCommand(sequence++, command);
                sending(odometry.stampNanos(), start);
                connection.publish(commandTopic, echoPayload, qos, false);
                sent(odometry.stampNanos());
                recordProcessing(start);
            });
            connection.start();
        }

        @Override
        public void close() {
            if (connection != null) {
                connection.close();
                connection = null;
            }
        }
    }

    private static final class Ros1 extends TransportFloorNode {
        private final String masterUri;
        private final TwistStamped echo = new TwistStamped();
        private Ros1Node node;

        Ros1(String masterUri) {
            this.masterUri = masterUri;
        }

        @Override
        public void start() throws Exception {
            node = Ros1Node.start(Ros1NodeSettings.resolve("policyrt_bench_floor", masterUri, "127.0.0.1", Map.of()));
            TopicPublisher<TwistStamped> commands = node.advertise(Ros1DriverPort.CMD_VEL_TOPIC, TwistStamped.TYPE, false);
            echo.header.frame_id = Ros1DriverPort.BASE_FRAME;
            node.subscribe(Ros1DriverPort.ODOMETRY_TOPIC, io.policyrt.ros1.msg.nav_msgs.Odometry.TYPE, m -> {
                long start = System.nanoTime();
                echo.header.seq = m.header.seq;
                echo.header.stamp.setNanos(m.header.stamp.toNanos());
                echo.twist.linear.x = m.twist.twist.linear.x;
                echo.twist.angular.z = m.twist.twist.angular.z;
                long stamp = m.header.stamp.toNanos();
                sending(stamp, start);
                commands.publish(echo);
                sent(stamp);
                recordProcessing(start);
            });
        }

        @Override
        public void close() {
            if (node != null) {
                node.shutdown();
                node = null;
            }
        }
    }
}
