package io.policyrt.launch.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.policyrt.drivers.mqtt.MqttTopics;
import io.policyrt.drivers.mqtt.PayloadFormat;
import io.policyrt.launch.transport.TransportRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads a {@link RuntimeConfig} from YAML and validates it. Unknown keys, wrong types and values
 * outside their range are refused with the file, the dotted key and the allowed values.
 */
public final class ConfigLoader {
    public static final List<String> TRIGGERS = List.of("timer", "on-message");
    public static final List<String> FORMATS = List.of("json", "binary");
    public static final List<String> PATHS = List.of("straight", "sine", "figure-eight");
    public static final List<String> ENCOUNTERS = List.of("none", "crossing", "step-in");
    public static final List<String> NOISE = List.of("none", "realistic");
    public static final List<String> SENSORS = List.of("odometry", "obstacle", "path"); // what can trigger a tick

    private ConfigLoader() {
    }

    public static RuntimeConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the configuration: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    public static RuntimeConfig parse(String yaml, String where) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        RuntimeConfig config;
        try {
            config = yaml.isBlank() ? new RuntimeConfig() : mapper.readValue(yaml, RuntimeConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String allowed = e.getKnownPropertyIds().stream().map(Object::toString)
                    .collect(Collectors.toCollection(TreeSet::new)).toString();
            String key = path(e);
            String moved = key.matches("(mqtt|ros1|ros2)\\.(duration_s|stop_at_path_end)")
                    ? "; every transport now reads it from 'run." + key.substring(key.indexOf('.') + 1) + "'" : "";
            throw new ConfigException(where + ": unknown key '" + key + "' (allowed here: " + allowed + ")" + moved, e);
        } catch (InvalidFormatException e) {
            throw new ConfigException(where + ": key '" + path(e) + "' has value '" + e.getValue() + "', expected "
                    + e.getTargetType().getSimpleName().toLowerCase(Locale.ROOT), e);
        } catch (MismatchedInputException e) {
            throw new ConfigException(where + ": key '" + path(e) + "' has the wrong kind of value: "
                    + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(where + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (config == null) {
            config = new RuntimeConfig();
        }
        validate(config, where);
        return config;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    public static void validate(RuntimeConfig c, String where) {
        oneOf(where, "loop.trigger", c.loop.trigger, TRIGGERS);
        oneOf(where, "loop.trigger_sensor", c.loop.triggerSensor, SENSORS);
        oneOf(where, "transport.kind", c.transport.kind, TransportRegistry.kinds());
        oneOf(where, "sim.path", c.sim.path, PATHS);
        oneOf(where, "sim.encounter", c.sim.encounter, ENCOUNTERS);
        oneOf(where, "sim.noise", c.sim.noise, NOISE);
        if (c.policy.file == null || c.policy.file.isBlank()) {
            throw new ConfigException(where + ": key 'policy.file' must name an .onnx file or 'bundled'");
        }
        oneOf(where, "policy.backend", c.policy.backend, List.of("auto", "onnxruntime", "java"));
        if (c.loop.periodMs != null) {
            range(where, "loop.period_ms", c.loop.periodMs, 0.1, 10_000);
        }
        range(where, "loop.spin_margin_us", c.loop.spinMarginUs, 0, 100_000);
        range(where, "loop.trigger_timeout_ms", c.loop.triggerTimeoutMs, 1, 60_000);
        range(where, "loop.phase_lock_margin_us", c.loop.phaseLockMarginUs, 0, 100_000);
        positive(where, "drive.wheel_radius_m", c.drive.wheelRadiusM);
        positive(where, "drive.wheel_separation_m", c.drive.wheelSeparationM);
        positive(where, "drive.left_radius_multiplier", c.drive.leftRadiusMultiplier);
        positive(where, "drive.right_radius_multiplier", c.drive.rightRadiusMultiplier);
        positive(where, "drive.max_wheel_radps", c.drive.maxWheelRadps);
        axis(where, "drive.linear", c.drive.linear);
        axis(where, "drive.angular", c.drive.angular);
        if (c.safety.odometryTimeoutMs != null) {
            range(where, "safety.odometry_timeout_ms", c.safety.odometryTimeoutMs, 1, 60_000);
        }
        if (c.safety.obstacleTimeoutMs != null) {
            range(where, "safety.obstacle_timeout_ms", c.safety.obstacleTimeoutMs, 0, 60_000);
        }
        range(where, "safety.path_timeout_ms", c.safety.pathTimeoutMs, 0, 3_600_000);
        range(where, "safety.future_tolerance_ms", c.safety.futureToleranceMs, 0, 60_000);
        range(where, "safety.goal_tolerance_m", c.safety.goalToleranceM, 0, 10);
        oneOf(where, "safety.estop.release", c.safety.estop.release, List.of("same_source", "release_topic"));
        range(where, "safety.estop.hold_ms", c.safety.estop.holdMs, 0, 60_000);
        range(where, "safety.estop.heartbeat_ms", c.safety.estop.heartbeatMs, 0, 60_000);
        range(where, "safety.input_bounds.max_position_m", c.safety.inputBounds.maxPositionM, 1e-3, 1e6);
        range(where, "safety.input_bounds.max_speed_mps", c.safety.inputBounds.maxSpeedMps, 1e-3, 1e3);
        range(where, "safety.input_bounds.max_yaw_rate_radps", c.safety.inputBounds.maxYawRateRadps, 1e-3, 1e3);
        range(where, "safety.input_bounds.max_obstacle_radius_m", c.safety.inputBounds.maxObstacleRadiusM, 1e-3, 1e3);
        if (c.safety.odometryTimeoutMs != null || c.loop.periodMs != null) {
            // Otherwise the odometry timeout's default depends on the policy's period: checked at wiring.
            double odomMs = c.safety.odometryTimeoutMs != null ? c.safety.odometryTimeoutMs
                    : Math.max(DEFAULT_MIN_ODOMETRY_TIMEOUT_MS, 5 * c.loop.periodMs);
            futureToleranceWithinTimeouts(where, c.safety, odomMs, c.safety.odometryTimeoutMs == null);
        }
        if (c.run == null) {
            c.run = new RuntimeConfig.Run();
        }
        range(where, "run.duration_s", c.run.durationS, 0, 31_536_000);
        range(where, "sim.duration_s", c.sim.durationS, 0.1, 86_400);
        range(where, "sim.physics_step_ms", c.sim.physicsStepMs, 0.01, 100);
        range(where, "sim.sensor_rate_hz", c.sim.sensorRateHz, 0.1, 10_000);
        record(where, c);
        metrics(where, c);
        mqtt(where, c.mqtt, c.safety.estop.release);
        Ros1Config.validate(where, c);
        Ros2Config.validate(where, c.ros2);
    }

    public static final List<String> COMPRESSIONS = List.of("zstd", "lz4", "none");

    private static void record(String where, RuntimeConfig c) {
        if (c.record == null) {
            c.record = new RuntimeConfig.Record(); // an empty 'record:' means no recording
        }
        RuntimeConfig.Record r = c.record;
        if (r.file != null && (r.file.isBlank() || !r.file.endsWith(".mcap"))) {
            throw new ConfigException(where + ": key 'record.file' must name an .mcap file, got '" + r.file + "'");
        }
        oneOf(where, "record.compression", r.compression, COMPRESSIONS);
        range(where, "record.rotate_mb", r.rotateMb, 0, 1_000_000);
        if (r.rotateMb > 0 && r.rotateMb < 1) {
            throw new ConfigException(where + ": key 'record.rotate_mb' must be 0 (no rotation) or at least 1, got " + r.rotateMb);
        }
        range(where, "record.rotate_s", r.rotateS, 0, 31_536_000);
        if (r.rotateS > 0 && r.rotateS < 1) {
            throw new ConfigException(where + ": key 'record.rotate_s' must be 0 (no rotation) or at least 1, got " + r.rotateS);
        }
        range(where, "record.queue_ticks", r.queueTicks, 16, 1 << 24);
        range(where, "record.queue_messages", r.queueMessages, 16, 1 << 20);
    }

    private static void metrics(String where, RuntimeConfig c) {
        if (c.metrics == null) {
            c.metrics = new RuntimeConfig.Metrics(); // an empty 'metrics:' means no endpoint
        }
        RuntimeConfig.Metrics m = c.metrics;
        if (m.bind == null || m.bind.isBlank()) {
            throw new ConfigException(where + ": key 'metrics.bind' must name an address to listen on (default 127.0.0.1)");
        }
        range(where, "metrics.port", m.port, 0, 65_535);
    }

    /** The shortest default odometry timeout (5 periods, at least this) [ms]. */
    private static final double DEFAULT_MIN_ODOMETRY_TIMEOUT_MS = 100;

    /**
     * A stamp may lie at most {@code safety.future_tolerance_ms} ahead, and that must be at most
     * every input timeout it applies to (odometry; obstacle and path where they have one):
     * otherwise a future-stamped message would stay fresh by its stamp longer than its timeout.
     *
     * @param odometryTimeoutMs the odometry timeout in force, set or default
     * @param odometryDefault   whether it is the default (named so in the message)
     */
    public static void futureToleranceWithinTimeouts(String where, RuntimeConfig.Safety s, double odometryTimeoutMs,
                                                     boolean odometryDefault) {
        double tolerance = s.futureToleranceMs;
        String prefix = (where == null ? "" : where + ": ") + "key 'safety.future_tolerance_ms' (" + fmt(tolerance) + " ms) must be at most ";
        if (tolerance > odometryTimeoutMs) {
            throw new ConfigException(prefix + "'safety.odometry_timeout_ms' (" + fmt(odometryTimeoutMs) + " ms"
                    + (odometryDefault ? ", its default: 5 control periods, at least 100 ms" : "") + ")");
        }
        if (s.obstacleTimeoutMs != null && s.obstacleTimeoutMs > 0 && tolerance > s.obstacleTimeoutMs) {
            throw new ConfigException(prefix + "'safety.obstacle_timeout_ms' (" + fmt(s.obstacleTimeoutMs) + " ms)");
        }
        if (s.pathTimeoutMs > 0 && tolerance > s.pathTimeoutMs) {
            throw new ConfigException(prefix + "'safety.path_timeout_ms' (" + fmt(s.pathTimeoutMs) + " ms)");
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static void mqtt(String where, RuntimeConfig.Mqtt m, String estopRelease) {
        if (m == null) {
            throw new ConfigException(where + ": key 'mqtt' must be a mapping");
        }
        if (m.brokerUri == null || !m.brokerUri.matches("(tcp|ssl)://[^/\\s]+:\\d+")) {
            throw new ConfigException(where + ": key 'mqtt.broker_uri' must be tcp://HOST:PORT or ssl://HOST:PORT, got '" + m.brokerUri + "'");
        }
        topicLevel(where, "mqtt.robot_id", m.robotId, false);
        topicLevel(where, "mqtt.topic_prefix", m.topicPrefix, true);
        if (m.clientId != null && (m.clientId.isEmpty() || m.clientId.length() > 64)) {
            throw new ConfigException(where + ": key 'mqtt.client_id' must be 1 to 64 characters");
        }
        oneOf(where, "mqtt.format", m.format, FORMATS);
        if (m.topics == null) {
            m.topics = new RuntimeConfig.Topics();
        }
        topic(where, "mqtt.topics.odom", m.topics.odom);
        topic(where, "mqtt.topics.obstacle", m.topics.obstacle);
        topic(where, "mqtt.topics.path", m.topics.path);
        topic(where, "mqtt.topics.estop", m.topics.estop);
        topic(where, "mqtt.topics.estop_release", m.topics.estopRelease);
        topic(where, "mqtt.topics.cmd_wheels", m.topics.cmdWheels);
        topic(where, "mqtt.topics.cmd_vel", m.topics.cmdVel);
        // Commands are a latest-value stream: QoS 0 only (see MqttCommandSink for why QoS 1 can wedge them).
        for (String key : new String[] {"cmd_wheels", "cmd_vel"}) {
            RuntimeConfig.TopicOverride t = key.equals("cmd_wheels") ? m.topics.cmdWheels : m.topics.cmdVel;
            if (t != null && t.qos != null && t.qos != 0) {
                throw new ConfigException(where + ": key 'mqtt.topics." + key + ".qos' must be 0, got " + t.qos
                        + ": commands are a latest-value stream (the newest one is all that matters, the robot's command "
                        + "timeout covers a lost one), and QoS 1 lets unacknowledged commands block every later publish");
            }
        }
        estopTopics(where, m, estopRelease);
        range(where, "mqtt.keep_alive_s", m.keepAliveS, 1, 3600);
        range(where, "mqtt.connect_timeout_s", m.connectTimeoutS, 1, 600);
        range(where, "mqtt.max_reconnect_delay_ms", m.maxReconnectDelayMs, 100, 600_000);
        range(where, "mqtt.max_inflight", m.maxInflight, 1, 65_535);
        range(where, "mqtt.status_period_ms", m.statusPeriodMs, 0, 3_600_000);
        range(where, "mqtt.command_max_age_ms", m.commandMaxAgeMs, 1, 60_000);
        if (m.password != null && m.passwordEnv != null) {
            throw new ConfigException(where + ": keys 'mqtt.password' and 'mqtt.password_env' exclude each other");
        }
        if (m.tls == null) {
            m.tls = new RuntimeConfig.Tls(); // an empty 'tls:' (everything commented out) means no TLS
        }
        if (m.embeddedBroker == null) {
            m.embeddedBroker = new RuntimeConfig.EmbeddedBroker();
        }
        boolean ssl = m.brokerUri.startsWith("ssl://");
        if (!ssl && (m.username != null || m.password != null || m.passwordEnv != null)
                && !io.policyrt.drivers.mqtt.MqttSettings.isLoopback(m.brokerUri)) {
            throw new ConfigException(where + ": keys 'mqtt.username'/'mqtt.password'/'mqtt.password_env' are set but "
                    + "'mqtt.broker_uri' " + m.brokerUri + " is plain tcp:// to another host: the password would cross the network "
                    + "in clear text; use ssl:// with 'mqtt.tls.ca_file' (plain tcp:// is accepted only to 127.0.0.1, ::1 or "
                    + "localhost)");
        }
        if (ssl && m.tls.caFile == null) {
            throw new ConfigException(where + ": key 'mqtt.tls.ca_file' is required with an ssl:// broker_uri");
        }
        if (!ssl && (m.tls.caFile != null || m.tls.clientKeystore != null)) {
            throw new ConfigException(where + ": key 'mqtt.tls' is set but 'mqtt.broker_uri' is tcp://; use ssl://");
        }
        if (m.tls.clientKeystore == null && (m.tls.clientKeystorePassword != null || m.tls.clientKeystorePasswordEnv != null)) {
            throw new ConfigException(where + ": key 'mqtt.tls.client_keystore_password' needs 'mqtt.tls.client_keystore'");
        }
        range(where, "mqtt.embedded_broker.port", m.embeddedBroker.port, 1, 65_535);
        if (m.embeddedBroker.enabled && (ssl || !m.brokerUri.startsWith("tcp://127.0.0.1:"))) {
            throw new ConfigException(where + ": key 'mqtt.embedded_broker.enabled' needs 'mqtt.broker_uri' tcp://127.0.0.1:PORT "
                    + "(the embedded broker listens on loopback, without TLS)");
        }
    }

    /**
     * The e-stop and its release topic: QoS 1 or 2 (at QoS 0 the broker may drop an engage); the
     * release topic configured only where it is used (safety.estop.release: release_topic) and
     * never the name of another inbound topic.
     */
    private static void estopTopics(String where, RuntimeConfig.Mqtt m, String estopRelease) {
        for (String key : new String[] {"estop", "estop_release"}) {
            RuntimeConfig.TopicOverride t = key.equals("estop") ? m.topics.estop : m.topics.estopRelease;
            if (t != null && t.qos != null && t.qos == 0) {
                throw new ConfigException(where + ": key 'mqtt.topics." + key + ".qos' must be 1 or 2, got 0: an e-stop message at "
                        + "QoS 0 may be dropped on the way, and an engage must never be lost");
            }
        }
        RuntimeConfig.TopicOverride r = m.topics.estopRelease;
        boolean releaseSet = r != null && (r.name != null || r.format != null || r.qos != null || r.maxPayloadBytes != null);
        if (!"release_topic".equals(estopRelease)) {
            if (releaseSet) {
                throw new ConfigException(where + ": key 'mqtt.topics.estop_release' is set but 'safety.estop.release' is '"
                        + estopRelease + "': the release topic is subscribed only with safety.estop.release: release_topic");
            }
            return;
        }
        MqttTopics standard = MqttTopics.standard(m.topicPrefix, m.robotId, PayloadFormat.JSON);
        String release = nameOf(r, standard.estopRelease().name());
        String[][] others = {
                {"mqtt.topics.estop", nameOf(m.topics.estop, standard.estop().name())},
                {"mqtt.topics.odom", nameOf(m.topics.odom, standard.odometry().name())},
                {"mqtt.topics.obstacle", nameOf(m.topics.obstacle, standard.obstacle().name())},
                {"mqtt.topics.path", nameOf(m.topics.path, standard.path().name())},
                {"mqtt.topics.cmd_wheels", nameOf(m.topics.cmdWheels, standard.wheelCommand().name())},
                {"mqtt.topics.cmd_vel", nameOf(m.topics.cmdVel, standard.velocityCommand().name())}};
        for (String[] other : others) {
            if (other[1].equals(release)) {
                throw new ConfigException(where + ": key 'mqtt.topics.estop_release.name' is " + release + ", the topic of '"
                        + other[0] + "': the release topic must be a topic of its own");
            }
        }
    }

    private static String nameOf(RuntimeConfig.TopicOverride t, String standard) {
        return t != null && t.name != null ? t.name : standard;
    }

    private static void topicLevel(String where, String key, String value, boolean slashesAllowed) {
        if (value == null || (!slashesAllowed && value.isEmpty()) || value.contains("+") || value.contains("#")
                || (!slashesAllowed && value.contains("/")) || value.startsWith("/") || value.endsWith("/")) {
            throw new ConfigException(where + ": key '" + key + "' must be " + (slashesAllowed ? "topic levels" : "one topic level")
                    + " without wildcards (+, #)" + (slashesAllowed ? " or leading/trailing '/'" : " or '/'") + ", got '" + value + "'");
        }
    }

    private static void topic(String where, String key, RuntimeConfig.TopicOverride t) {
        if (t == null) {
            return; // 'odom:' with nothing under it: no override
        }
        if (t.name != null && (t.name.isEmpty() || t.name.contains("+") || t.name.contains("#"))) {
            throw new ConfigException(where + ": key '" + key + ".name' must be a topic name without wildcards, got '" + t.name + "'");
        }
        if (t.format != null) {
            oneOf(where, key + ".format", t.format, FORMATS);
        }
        if (t.qos != null) {
            range(where, key + ".qos", t.qos, 0, 2);
        }
        if (t.maxPayloadBytes != null) {
            range(where, key + ".max_payload_bytes", t.maxPayloadBytes, 16, 64 * 1024 * 1024);
        }
    }

    private static void axis(String where, String key, RuntimeConfig.Axis a) {
        if (a == null) {
            throw new ConfigException(where + ": key '" + key + "' must be a mapping with accel, decel and jerk");
        }
        positive(where, key + ".accel", a.accel);
        positive(where, key + ".decel", a.decel);
        positive(where, key + ".jerk", a.jerk);
    }

    static void oneOf(String where, String key, String value, List<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            throw new ConfigException(where + ": key '" + key + "' has value '" + value + "' (allowed: " + String.join(", ", allowed) + ")");
        }
    }

    static void positive(String where, String key, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new ConfigException(where + ": key '" + key + "' must be a finite number > 0, got " + value);
        }
    }

    static void range(String where, String key, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new ConfigException(where + ": key '" + key + "' must be in [" + lo + ", " + hi + "], got " + value);
        }
    }
}
