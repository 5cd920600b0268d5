package io.policyrt.benchmarks.soak;

import io.policyrt.benchmarks.latency.MosquittoProcess;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.inbound.MessageHeader;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.mqtt.BinaryCodec;
import io.policyrt.drivers.mqtt.MqttConnection;
import io.policyrt.drivers.mqtt.MqttSettings;
import io.policyrt.drivers.mqtt.MqttTopics;
import io.policyrt.drivers.mqtt.MqttTransport;
import io.policyrt.drivers.mqtt.PayloadFormat;
import io.policyrt.drivers.mqtt.testing.RawMqttFlooder;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.mqtt.MqttWiring;
import java.nio.file.Path;
import java.util.List;

/**
 * MQTT: mosquitto on a free loopback port (killed and started again on the same port as the
 * restart), a raw-socket flooder writing random bytes to the odometry and obstacle topics, and an
 * observer client decoding every velocity command.
 */
final class MqttSoakPeer implements SoakPeer {
    private final MosquittoProcess broker;
    private MqttConnection observerConnection;

    MqttSoakPeer(Path dir) throws Exception {
        broker = MosquittoProcess.start(dir.resolve("mosquitto"));
    }

    @Override
    public void configure(RuntimeConfig c) {
        c.transport.kind = "mqtt";
        c.mqtt.brokerUri = broker.uri();
        c.mqtt.robotId = "soak";
        c.mqtt.format = "binary";
    }

    @Override
    public void observe(CommandObserver observer, RuntimeConfig c) throws Exception {
        MqttTopics topics = MqttWiring.topics(c.mqtt);
        MqttConnection conn = new MqttConnection(MqttSettings.of(broker.uri(), "policyrt-soak-observer"), MqttTransport.ROBOT,
                MqttTopics.standard("policyrt", "soak-observer", PayloadFormat.BINARY).robotStatus(), SystemNanoClock.INSTANCE);
        MessageHeader header = new MessageHeader();
        VelocityCommand velocity = new VelocityCommand();
        conn.subscribe(topics.velocityCommand(), payload -> {
            if (BinaryCodec.INSTANCE.decodeVelocityCommand(payload, header, velocity) == Reject.NONE) {
                observer.command(velocity.vMps(), velocity.wRadps());
            } else {
                observer.command(Double.NaN, Double.NaN); // the controller sent something the robot cannot read
            }
        });
        conn.start();
        observerConnection = conn;
    }

    @Override
    public long flood(RuntimeConfig c, long durationMs) throws Exception {
        MqttTopics topics = MqttWiring.topics(c.mqtt);
        try (RawMqttFlooder f = RawMqttFlooder.connect(broker.port(), "policyrt-soak-flooder")) {
            return f.flood(List.of(topics.odometry().name(), topics.obstacle().name()), 0, durationMs);
        }
    }

    @Override
    public void restart(RobotSide robot) throws Exception {
        broker.kill();
        broker.restart();
    }

    @Override
    public String restartName() { return "mosquitto kill + restart"; }

    @Override
    public void close() throws Exception {
        if (observerConnection != null) {
            observerConnection.close();
        }
        broker.close();
    }
}
