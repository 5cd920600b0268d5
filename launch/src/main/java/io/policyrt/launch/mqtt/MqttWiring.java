package io.policyrt.launch.mqtt;

import io.policyrt.drivers.mqtt.MqttSettings;
import io.policyrt.drivers.mqtt.MqttTopics;
import io.policyrt.drivers.mqtt.PayloadFormat;
import io.policyrt.drivers.mqtt.TopicSpec;
import io.policyrt.launch.config.ConfigException;
import io.policyrt.launch.config.RuntimeConfig;
import java.nio.file.Path;

/** Turns the {@code mqtt} section of a configuration into transport settings and topics. */
public final class MqttWiring {
    /** The process that drives the robot: subscribes to sensors, publishes commands. */
    public static final String CONTROLLER = "controller";
    /** The process that is the robot (the simulator served over MQTT): publishes sensors, obeys commands. */
    public static final String ROBOT = "robot";

    private MqttWiring() {
    }

    public static MqttTopics topics(RuntimeConfig.Mqtt m) {
        MqttTopics s = MqttTopics.standard(m.topicPrefix, m.robotId, PayloadFormat.parse(m.format));
        RuntimeConfig.Topics o = m.topics;
        return new MqttTopics(apply(s.odometry(), o.odom), apply(s.obstacle(), o.obstacle), apply(s.path(), o.path),
                apply(s.estop(), o.estop), apply(s.wheelCommand(), o.cmdWheels), apply(s.velocityCommand(), o.cmdVel),
                s.status(), s.robotStatus());
    }

    private static TopicSpec apply(TopicSpec t, RuntimeConfig.TopicOverride o) {
        TopicSpec r = t;
        if (o == null) {
            return r;
        }
        if (o.name != null) {
            r = r.withName(o.name);
        }
        if (o.format != null) {
            r = r.withFormat(PayloadFormat.parse(o.format));
        }
        if (o.qos != null) {
            r = r.withQos(o.qos);
        }
        if (o.maxPayloadBytes != null) {
            r = r.withMaxPayloadBytes(o.maxPayloadBytes);
        }
        return r;
    }

    /**
     * Connection settings for {@code role}. The controller's client id is {@code client_id} or
     * policyrt-ROBOT_ID-controller; the robot side's is always policyrt-ROBOT_ID-robot, so that
     * both processes can read one file. Relative TLS paths are resolved against {@code baseDir}.
     */
    public static MqttSettings settings(RuntimeConfig.Mqtt m, String role, Path baseDir, String where) {
        String clientId = CONTROLLER.equals(role) && m.clientId != null ? m.clientId : "policyrt-" + m.robotId + "-" + role;
        MqttSettings s = MqttSettings.of(m.brokerUri, clientId)
                .withTiming(m.keepAliveS, m.connectTimeoutS, m.maxReconnectDelayMs, m.statusPeriodMs);
        s = new MqttSettings(s.brokerUri(), s.clientId(), null, null, null, s.keepAliveS(), s.connectTimeoutS(),
                s.maxReconnectDelayMs(), m.maxInflight, s.statusPeriodMs());
        String password = secret(m.password, m.passwordEnv, "mqtt.password_env", where);
        if (m.username != null || password != null) {
            s = s.withCredentials(m.username, password == null ? null : password.toCharArray());
        }
        if (m.tls.caFile != null) {
            String p12Password = secret(m.tls.clientKeystorePassword, m.tls.clientKeystorePasswordEnv,
                    "mqtt.tls.client_keystore_password_env", where);
            s = s.withTls(new MqttSettings.Tls(resolve(baseDir, m.tls.caFile),
                    m.tls.clientKeystore == null ? null : resolve(baseDir, m.tls.clientKeystore),
                    p12Password == null ? null : p12Password.toCharArray()));
        }
        return s;
    }

    /** The configured policy: an .onnx file, 'bundled', or 'expert' (the simulator's pure-pursuit controller). */

    private static String secret(String value, String env, String envKey, String where) {
        if (env == null) {
            return value;
        }
        String v = System.getenv(env);
        if (v == null) {
            throw new ConfigException(where + ": key '" + envKey + "' names the environment variable " + env + ", which is not set");
        }
        return v;
    }

    private static Path resolve(Path baseDir, String file) {
        Path p = Path.of(file);
        return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
    }
}
