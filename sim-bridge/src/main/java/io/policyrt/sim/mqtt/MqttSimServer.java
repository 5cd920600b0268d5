package io.policyrt.sim.mqtt;

import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.slot.LatestValue;
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
import io.policyrt.sim.robot.RobotParams;
import io.policyrt.sim.robot.SensorNoise;
import io.policyrt.sim.run.EpisodeMetrics;
import io.policyrt.sim.run.RealTimeSimulator;
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
 *
 * <p>The episode clock starts with {@link #beginEpisode()}, usually at the first command from a
 * controller, so that an obstacle encounter is timed to the robot's actual start.
 */
public final class MqttSimServer implements AutoCloseable {
    private final Scenario scenario;
    private final RobotParams robot;
    private final SensorNoise noise;
    private final long physicsStepNanos;
    private final long seed;
    private final double goalToleranceM;
    private final long sensorPeriodNanos;
    private final MqttConnection connection;
    private final MqttTopics topics;
    private final NanoClock clock;
    private final LatestValue<WheelCommand> commands = new LatestValue<>("mqtt commands", WheelCommand::new);
    private final InboundTopic commandTopic;
    private final PayloadCodec odomCodec;
    private final PayloadCodec obstacleCodec;
    private volatile byte[] pathPayload;
    private long odomSequence;
    private long obstacleSequence;
    private volatile RealTimeSimulator simulator;

    /**
     * @param maxCommandAgeNanos commands older than this on arrival are dropped (stale)
     * @param futureToleranceNanos command stamps further ahead of the clock than this are dropped
     */
    public MqttSimServer(Scenario scenario, RobotParams robot, SensorNoise noise, long physicsStepNanos, long seed,
                         double goalToleranceM, long sensorPeriodNanos, MqttConnection connection, MqttTopics topics, NanoClock clock,
                         long maxCommandAgeNanos, long futureToleranceNanos) {
        this.scenario = scenario;
        this.robot = robot;
        this.noise = noise;
        this.physicsStepNanos = physicsStepNanos;
        this.seed = seed;
        this.goalToleranceM = goalToleranceM;
        this.sensorPeriodNanos = sensorPeriodNanos;
        this.connection = connection;
        this.topics = topics;
        this.clock = clock;
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

    /** Whether a controller has sent at least one valid command. */
    public boolean commanded() {
        return commandTopic.accepted() > 0;
    }

    /** Starts the simulated world on the wall clock now; sensors flow from here on. */
    public synchronized void beginEpisode() {
        if (simulator != null) {
            throw new IllegalStateException("episode already running");
        }
        Simulation sim = new Simulation(scenario, robot, noise, physicsStepNanos, seed, clock.nanoTime(), goalToleranceM);
        SensorSlots local = new SensorSlots(Math.max(2, scenario.path().xM().length));
        RealTimeSimulator rt = new RealTimeSimulator(sim, clock, local, commands, sensorPeriodNanos, (s, tick) -> publishSensors(s));
        simulator = rt;
        rt.start();
    }

    /** Sim thread, after each sensor sample: sends odometry and the obstacle track. */
    private void publishSensors(Simulation sim) {
        connection.publish(topics.odometry().name(), odomCodec.encodeOdometry(odomSequence++, sim.lastOdometry()),
                topics.odometry().qos(), false);
        connection.publish(topics.obstacle().name(), obstacleCodec.encodeObstacle(obstacleSequence++, sim.lastObstacle()),
                topics.obstacle().qos(), false);
    }

    private String statusFields() {
        RealTimeSimulator rt = simulator;
        String episode = rt == null ? ",\"episode\":\"waiting for a controller\""
                : String.format(Locale.ROOT, ",\"episode\":\"%s\",\"sim_time_s\":%.2f,\"x_m\":%.3f,\"y_m\":%.3f,\"v_mps\":%.3f",
                rt.episodeOver() ? "over" : "running", rt.timeS(), rt.xM(), rt.yM(), rt.vMps());
        return episode + ",\"commands\":" + commandTopic.countsJson() + ",\"command_latency\":"
                + commandTopic.latency().jsonFieldsMicros();
    }

    /** Path completed, collision or time limit. */
    public boolean episodeOver() {
        RealTimeSimulator rt = simulator;
        return rt != null && rt.episodeOver();
    }

    /** The running simulator, or null before {@link #beginEpisode()}. */
    public RealTimeSimulator simulator() { return simulator; }

    public EpisodeMetrics metrics() {
        RealTimeSimulator rt = simulator;
        return rt == null ? null : rt.simulation().metrics();
    }

    /** The wheel-command topic: counts per reject reason and the command latency (stamp to receipt). */
    public InboundTopic commands() { return commandTopic; }

    public MqttConnection connection() { return connection; }

    /** Stops the simulator; the connection belongs to the caller. */
    @Override
    public void close() {
        RealTimeSimulator rt = simulator;
        if (rt != null) {
            rt.close();
        }
    }
}
