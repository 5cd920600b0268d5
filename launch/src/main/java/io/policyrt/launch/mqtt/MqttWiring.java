package io.policyrt.launch.mqtt;

import io.policyrt.drivers.mqtt.EmbeddedBroker;
import io.policyrt.drivers.mqtt.MqttConnection;
import io.policyrt.drivers.mqtt.MqttSettings;
import io.policyrt.drivers.mqtt.MqttTransport;
import io.policyrt.drivers.mqtt.MqttTransportException;
import io.policyrt.drivers.mqtt.MqttTopics;
import io.policyrt.drivers.mqtt.PayloadFormat;
import io.policyrt.drivers.mqtt.TopicSpec;
import io.policyrt.launch.config.ConfigException;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.transport.LinkSetup;
import io.policyrt.launch.wiring.SimWiring;
import io.policyrt.sim.mqtt.MqttSimServer;
import java.nio.file.Path;

/** Turns the {@code mqtt} section of a configuration into the MQTT transport's settings, for the controller and the simulated robot. */
public final class MqttWiring {
    private MqttWiring() {
    }

    /** The controller's side: connection, topics, and the embedded broker when the section enables it. */
    public static MqttTransport.Settings transportSettings(RuntimeConfig c, LinkSetup setup) {
        return new MqttTransport.Settings(settings(c.mqtt, MqttTransport.CONTROLLER, setup.baseDir(), setup.where()), topics(c.mqtt),
                c.mqtt.embeddedBroker.enabled ? c.mqtt.embeddedBroker.port : 0);
    }

    /** The robot's side: the simulator served over MQTT, with the embedded broker when the section enables it. */
    public static MqttSimServer simServer(RuntimeConfig c, LinkSetup setup) throws MqttTransportException {
        MqttTopics topics = topics(c.mqtt);
        EmbeddedBroker broker = c.mqtt.embeddedBroker.enabled ? EmbeddedBroker.start(c.mqtt.embeddedBroker.port) : null;
        try {
            MqttConnection connection = new MqttConnection(settings(c.mqtt, MqttTransport.ROBOT, setup.baseDir(), setup.where()),
                    MqttTransport.ROBOT, topics.robotStatus(), setup.clock());
            return new MqttSimServer(SimWiring.simWorld(c, setup.robotRadiusM()), connection, topics, setup.clock(),
                    Math.round(c.mqtt.commandMaxAgeMs * 1e6), Math.round(c.safety.futureToleranceMs * 1e6), broker);
        } catch (MqttTransportException | RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
    }

    public static MqttTopics topics(RuntimeConfig.Mqtt m) {
        MqttTopics s = MqttTopics.standard(m.topicPrefix, m.robotId, PayloadFormat.parse(m.format));
        RuntimeConfig.Topics o = m.topics;
        return new MqttTopics(apply(s.odometry(), o.odom), apply(s.obstacle(), o.obstacle), apply(s.path(), o.path),
                apply(s.estop(), o.estop), apply(s.estopRelease(), o.estopRelease), apply(s.wheelCommand(), o.cmdWheels), apply(s.velocityCommand(), o.cmdVel),
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
        String clientId = MqttTransport.CONTROLLER.equals(role) && m.clientId != null ? m.clientId : "policyrt-" + m.robotId + "-" + role;
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
