package io.policyrt.benchmarks.latency;

import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.mqtt.JsonCodec;
import io.policyrt.drivers.inbound.MessageHeader;
import io.policyrt.drivers.mqtt.MqttConnection;
import io.policyrt.drivers.mqtt.MqttSettings;
import io.policyrt.drivers.mqtt.MqttTopics;
import io.policyrt.drivers.mqtt.MqttTransportException;
import io.policyrt.drivers.mqtt.PathBuffer;
import io.policyrt.drivers.inbound.Reject;

/**
 * The MQTT transport as the robot side sees it: JSON sensor messages on the standard topics
 * (sensors QoS 0, the path QoS 1 and retained) and velocity commands back on {@code cmd/vel},
 * whose echoed odometry stamp goes to the probe. Every node under test reads the same topics.
 */
public final class MqttDriverPort implements DriverPort {
    private final MqttConnection connection;
    private final MqttTopics topics;
    private final JsonCodec codec = JsonCodec.INSTANCE;
    private long odometrySequence;
    private long obstacleSequence;
    private long rejectedCommands;

    public MqttDriverPort(String brokerUri, MqttTopics topics, NanoClock clock, CommandProbe probe) throws MqttTransportException {
        this.topics = topics;
        this.connection = new MqttConnection(MqttSettings.of(brokerUri, "policyrt-bench-driver"), "robot", topics.robotStatus(), clock);
        MessageHeader header = new MessageHeader();
        VelocityCommand command = new VelocityCommand();
        connection.subscribe(topics.velocityCommand(), payload -> {
            if (codec.decodeVelocityCommand(payload, header, command) == Reject.NONE) {
                probe.onCommand(command.odometryStampNanos(), command.vMps() == 0 && command.wRadps() == 0);
            } else {
                rejectedCommands++;
            }
        });
        connection.start();
    }

    @Override
    public void publishPath(PathReference path) {
        PathBuffer buffer = new PathBuffer(path.count()).set(path);
        connection.publish(topics.path().name(), codec.encodePath(0, path.stampNanos(), buffer), 1, true);
    }

    @Override
    public void publishOdometry(Odometry odometry) {
        connection.publish(topics.odometry().name(), codec.encodeOdometry(odometrySequence++, odometry), 0, false);
    }

    @Override
    public void publishObstacle(ObstacleTrack obstacle) {
        connection.publish(topics.obstacle().name(), codec.encodeObstacle(obstacleSequence++, obstacle), 0, false);
    }

    /** Command payloads that did not decode (Paho callback thread only). */
    public long rejectedCommands() { return rejectedCommands; }

    @Override
    public void close() {
        connection.close();
    }
}
