package io.policyrt.sim.mqtt;

import io.policyrt.controller.telemetry.RateLimitedLog;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.mqtt.InboundTopic;
import io.policyrt.drivers.mqtt.MqttConnection;
import io.policyrt.drivers.mqtt.MqttTopics;
import io.policyrt.drivers.mqtt.MqttTransportException;
import io.policyrt.drivers.mqtt.PathBuffer;
import io.policyrt.drivers.mqtt.PayloadCodec;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.mqtt.TopicSpec;
import io.policyrt.sim.run.RealTimeSimulator;
import io.policyrt.sim.run.SimServer;
import io.policyrt.sim.run.SimWorld;
import io.policyrt.sim.run.Simulation;
import io.policyrt.sim.scenario.Scenario;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The simulator served over MQTT, behaving like a robot: it publishes odometry and the obstacle
 * track (QoS 0) at the sensor rate and the path (retained, republished after every reconnect),
 * and drives its wheels from the wheel commands it receives. Commands older than the maximum
 * command age, out of order or malformed are dropped and counted; when commands stop, the
 * simulated motor driver stops the wheels after its own command timeout.
 */
public final class MqttSimServer extends SimServer {
    private final MqttConnection connection;
    private final MqttTopics topics;
    private final InboundTopic commandTopic;
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
        super(world, clock, "mqtt commands");
        this.connection = connection;
        this.topics = topics;
        this.odomCodec = PayloadCodec.of(topics.odometry().format());
        this.obstacleCodec = PayloadCodec.of(topics.obstacle().format());
        RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(MqttSimServer.class), TimeUnit.SECONDS.toNanos(1));
        TopicSpec wheels = topics.wheelCommand();
        PayloadCodec wheelCodec = PayloadCodec.of(wheels.format());
        this.commandTopic = new InboundTopic(wheels, clock, futureToleranceNanos, maxCommandAgeNanos, log) {
            @Override
            protected Reject decode(byte[] p) {
                return wheelCodec.decodeWheelCommand(p, header, commands.claim());
            }

            @Override
            protected void publish() {
                commands.publish();
            }
        };
    }

    /** Connects, subscribes to the wheel commands and publishes the path (retained). */
    public void start() throws MqttTransportException {
        Scenario scenario = world.scenario();
        PathBuffer path = new PathBuffer(scenario.path().xM().length)
                .set(scenario.path().xM(), scenario.path().yM(), scenario.path().xM().length, scenario.targetSpeedMps());
        pathPayload = PayloadCodec.of(topics.path().format()).encodePath(0, clock.nanoTime(), path);
        connection.subscribe(commandTopic.topic(), commandTopic);
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
    public boolean commanded() {
        return commandTopic.accepted() > 0;
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
        return episode + ",\"commands\":" + commandTopic.countsJson() + ",\"command_latency\":"
                + commandTopic.latency().jsonFieldsMicros();
    }

    /** The wheel-command topic: counts per reject reason and the command latency (stamp to receipt). */
    public InboundTopic commands() { return commandTopic; }

    public MqttConnection connection() { return connection; }
}
