package io.policyrt.launch.mqtt;

import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.loop.ControlLoop;
import io.policyrt.controller.loop.ControlTick;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.safety.SafetyLimits;
import io.policyrt.controller.telemetry.LoopMetric;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.mqtt.EmbeddedBroker;
import io.policyrt.drivers.mqtt.MqttCommandSink;
import io.policyrt.drivers.mqtt.MqttConnection;
import io.policyrt.drivers.mqtt.MqttSensorSource;
import io.policyrt.drivers.mqtt.MqttTopics;
import io.policyrt.drivers.mqtt.MqttTransportException;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.wiring.ControllerWiring;
import java.nio.file.Path;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * A controller whose sensors and commands travel over MQTT, wired from a {@link RuntimeConfig}:
 * sensor source and command sink on one connection, the control loop on the system clock, and
 * the embedded broker when the configuration asks for it. The retained status carries the stop
 * reason, the per-topic counts and the sensor latency.
 */
public final class MqttControllerRuntime implements AutoCloseable {
    private final RuntimeConfig config;
    private final Policy policy;
    private final SensorSlots slots = new SensorSlots();
    private final MqttTopics topics;
    private final MqttConnection connection;
    private final MqttSensorSource source;
    private final MqttCommandSink sink;
    private final ControlTick controller;
    private final ControlLoop loop;
    private EmbeddedBroker broker;

    public MqttControllerRuntime(RuntimeConfig config, Policy policy, Path baseDir, String where) throws MqttTransportException {
        this.config = config;
        this.policy = policy;
        long periodNanos = ControllerWiring.periodNanos(config.loop, policy);
        DriveConfig drive = ControllerWiring.driveConfig(config.drive);
        SafetyLimits safety = ControllerWiring.safetyLimits(config.safety, periodNanos);
        SystemNanoClock clock = SystemNanoClock.INSTANCE;
        topics = MqttWiring.topics(config.mqtt);
        connection = new MqttConnection(MqttWiring.settings(config.mqtt, MqttWiring.CONTROLLER, baseDir, where), MqttWiring.CONTROLLER,
                topics.status(), clock);
        sink = new MqttCommandSink(connection, topics);
        controller = ControlTick.assemble(policy, FeatureRegistry.tracking(), drive, safety, clock, slots, sink);
        loop = ControllerWiring.loop(config.loop, periodNanos, controller, clock, slots);
        source = new MqttSensorSource(connection, topics, clock, safety.futureToleranceNanos());
        connection.statusFields(this::statusFields);
    }

    /** Starts the embedded broker (if configured), connects and subscribes, then starts the loop. */
    public void start() throws MqttTransportException {
        if (config.mqtt.embeddedBroker.enabled) {
            broker = EmbeddedBroker.start(config.mqtt.embeddedBroker.port);
        }
        try {
            source.start(slots);
        } catch (MqttTransportException e) {
            close();
            throw e;
        }
        loop.start();
    }

    private String statusFields() {
        Histogram odom = source.inbound().isEmpty() ? new Histogram(3) : source.odometry().latency().snapshot();
        Histogram tick = controller.timing().snapshot(LoopMetric.TICK);
        return String.format(Locale.ROOT, ",\"stop_reason\":\"%s\",\"ticks\":%d,\"sensors\":%s,"
                        + "\"odom_latency\":{\"p50_us\":%.1f,\"p99_us\":%.1f,\"p999_us\":%.1f},\"tick\":{\"p50_us\":%.1f,\"p99_us\":%.1f}",
                controller.governor().currentReason(), controller.tickCount(), source.countsJson(),
                odom.getValueAtPercentile(50) / 1e3, odom.getValueAtPercentile(99) / 1e3, odom.getValueAtPercentile(99.9) / 1e3,
                tick.getValueAtPercentile(50) / 1e3, tick.getValueAtPercentile(99) / 1e3);
    }

    /** Stops the loop (its last command is a stop), flushes the sink, says offline, disconnects. Idempotent. */
    @Override
    public synchronized void close() {
        loop.stop();
        sink.close();
        connection.close();
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    public ControlTick controller() { return controller; }
    public ControlLoop loop() { return loop; }
    public MqttSensorSource source() { return source; }
    public MqttCommandSink sink() { return sink; }
    public MqttConnection connection() { return connection; }
    public MqttTopics topics() { return topics; }
    public Policy policy() { return policy; }
    public RuntimeConfig config() { return config; }
}
