package io.policyrt.sim.mqtt;

import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InboundTaps;
import io.policyrt.drivers.inbound.InputBounds;
import io.policyrt.drivers.inbound.StampAdmission;
import io.policyrt.drivers.mqtt.EmbeddedBroker;
import io.policyrt.drivers.mqtt.MqttConnection;
import io.policyrt.drivers.mqtt.MqttInbound;
import io.policyrt.drivers.mqtt.MqttTopics;
import io.policyrt.drivers.mqtt.MqttTransportException;
import io.policyrt.drivers.mqtt.PathBuffer;
import io.policyrt.drivers.mqtt.PayloadCodec;
import io.policyrt.sim.run.RealTimeSimulator;
import io.policyrt.sim.run.SimServer;
import io.policyrt.sim.run.SimWorld;
import io.policyrt.sim.run.Simulation;
import io.policyrt.sim.scenario.Scenario;
import java.util.List;
import java.util.Locale;

/**
 * The simulator served over MQTT, behaving like a robot: it publishes odometry and the obstacle
 * track (QoS 0) at the sensor rate and the path (retained, republished after every reconnect),
 * and drives its wheels from the wheel commands it receives. Commands older than the maximum
 * command age, out of order or malformed are dropped and counted; when commands stop, the
 * simulated motor driver stops the wheels after its own command timeout.
 */
public final class MqttSimServer extends SimServer {
    private final MqttConnection connection;
    private final EmbeddedBroker broker;
    private final MqttTopics topics;
    private final InboundChannel<byte[], WheelCommand> commandChannel;
    private final PayloadCodec odomCodec;
    private final PayloadCodec obstacleCodec;
    private volatile byte[] pathPayload;
    private long odomSequence;
    private long obstacleSequence;

    /**
     * @param maxCommandAgeNanos commands older than this on arrival are dropped (stale)
     * @param futureToleranceNanos command stamps further ahead of the clock than this are dropped
     */
    public MqttSimServer(SimWorld world, MqttConnection connection, MqttTopics topics, NanoClock clock, long maxCommandAgeNanos,
                         long futureToleranceNanos) {
        this(world, connection, topics, clock, maxCommandAgeNanos, futureToleranceNanos, null);
    }

    /** @param broker the embedded broker this robot serves on, closed with it; null: none */
    public MqttSimServer(SimWorld world, MqttConnection connection, MqttTopics topics, NanoClock clock, long maxCommandAgeNanos,
                         long futureToleranceNanos, EmbeddedBroker broker) {
        super(world, clock, "mqtt commands");
        this.broker = broker;
        this.connection = connection;
        this.topics = topics;
        this.odomCodec = PayloadCodec.of(topics.odometry().format());
        this.obstacleCodec = PayloadCodec.of(topics.obstacle().format());
        this.commandChannel = MqttInbound.channel(topics.wheelCommand(), commands, new WheelCommand(),
                PayloadCodec::decodeWheelCommand, clock, new StampAdmission(futureToleranceNanos, maxCommandAgeNanos),
                InputBounds.DEFAULTS);
    }

    /** Connects, subscribes to the wheel commands and publishes the path (retained). */
    @Override
    public void start() throws MqttTransportException {
        Scenario scenario = world.scenario();
        PathBuffer path = new PathBuffer(scenario.path().xM().length)
                .set(scenario.path().xM(), scenario.path().yM(), scenario.path().xM().length, scenario.targetSpeedMps());
        pathPayload = PayloadCodec.of(topics.path().format()).encodePath(0, clock.nanoTime(), path);
        InboundTaps.attach(commandTaps, commandChannel, null);
        connection.subscribe(topics.wheelCommand(), commandChannel::receive);
        connection.onConnect(this::publishPath); // at start, and again after a restarted broker forgot it
        connection.statusFields(this::statusFields);
        connection.start();
    }

    private void publishPath() {
        byte[] p = pathPayload;
        if (p != null) {
            connection.publish(topics.path().name(), p, topics.path().qos(), true);
        }
    }

    @Override
    public List<InboundChannel<?, ?>> commandChannels() { return List.of(commandChannel); }

    @Override
    public String endpoint() { return "MQTT broker " + connection.settings().brokerUri() + ", commands on " + topics.wheelCommand().name(); }

    @Override
    public boolean isUp() { return connection.isConnected(); }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "%s, connects %d, connection losses %d, failed publishes %d", connection.settings().brokerUri(),
                connection.connects(), connection.connectionLosses(), connection.publishFailures());
    }

    @Override
    protected void closeTransport() {
        connection.close();
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    protected void publishSensors(Simulation sim) {
        connection.publish(topics.odometry().name(), odomCodec.encodeOdometry(odomSequence++, sim.lastOdometry()),
                topics.odometry().qos(), false);
        connection.publish(topics.obstacle().name(), obstacleCodec.encodeObstacle(obstacleSequence++, sim.lastObstacle()),
                topics.obstacle().qos(), false);
    }

    private String statusFields() {
        RealTimeSimulator rt = simulator();
        String episode = rt == null ? ",\"episode\":\"waiting for a controller\""
                : String.format(Locale.ROOT, ",\"episode\":\"%s\",\"sim_time_s\":%.2f,\"x_m\":%.3f,\"y_m\":%.3f,\"v_mps\":%.3f",
                rt.episodeOver() ? "over" : "running", rt.timeS(), rt.xM(), rt.yM(), rt.vMps());
        return episode + ",\"commands\":" + commandChannel.countsJson() + ",\"command_latency\":"
                + commandChannel.latency().jsonFieldsMicros();
    }

    public MqttConnection connection() { return connection; }
}
