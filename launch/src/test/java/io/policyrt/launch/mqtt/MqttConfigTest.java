package io.policyrt.launch.mqtt;

import io.policyrt.drivers.mqtt.MqttTransport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyrt.drivers.mqtt.MqttSettings;
import io.policyrt.drivers.mqtt.MqttTopics;
import io.policyrt.drivers.mqtt.PayloadFormat;
import io.policyrt.launch.config.ConfigException;
import io.policyrt.launch.config.ConfigLoader;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.testing.RepositoryRoot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MqttConfigTest {
    @Test
    void shipped_mqtt_example_parses_to_the_standard_layout() {
        RuntimeConfig c = ConfigLoader.load(RepositoryRoot.path().resolve("config/mqtt.yaml"));
        assertThat(c.transport.kind).isEqualTo("mqtt");
        MqttTopics t = MqttWiring.topics(c.mqtt);
        assertThat(t.odometry().name()).isEqualTo("policyrt/robot1/odom");
        assertThat(t.odometry().qos()).isZero();
        assertThat(t.wheelCommand().name()).isEqualTo("policyrt/robot1/cmd/wheels");
        assertThat(t.wheelCommand().qos()).isZero(); // commands went from QoS 1 to QoS 0 (the flood wedge)
        assertThat(t.estop().qos()).isEqualTo(1);
        assertThat(t.estopRelease().name()).isEqualTo("policyrt/robot1/estop_release");
        assertThat(t.estopRelease().qos()).isEqualTo(1);
        assertThat(t.path().format()).isEqualTo(PayloadFormat.BINARY);
        assertThat(t.status()).isEqualTo("policyrt/robot1/status");
        MqttSettings s = MqttWiring.settings(c.mqtt, MqttTransport.CONTROLLER, null, "mqtt.yaml");
        assertThat(s.clientId()).isEqualTo("policyrt-robot1-controller");
        assertThat(MqttWiring.settings(c.mqtt, MqttTransport.ROBOT, null, "mqtt.yaml").clientId()).isEqualTo("policyrt-robot1-robot");
        assertThat(s.maxInflight()).isEqualTo(100);
    }

    @Test
    void per_topic_overrides_apply_to_that_topic_only() {
        RuntimeConfig c = ConfigLoader.parse("transport: {kind: mqtt}\nmqtt:\n  format: json\n  robot_id: r9\n  topic_prefix: fleet/a\n"
                + "  topics:\n    odom: {format: binary, qos: 1, name: sensors/r9/odometry, max_payload_bytes: 512}\n", "robot.yaml");
        MqttTopics t = MqttWiring.topics(c.mqtt);
        assertThat(t.odometry().name()).isEqualTo("sensors/r9/odometry");
        assertThat(t.odometry().format()).isEqualTo(PayloadFormat.BINARY);
        assertThat(t.odometry().qos()).isEqualTo(1);
        assertThat(t.odometry().maxPayloadBytes()).isEqualTo(512);
        assertThat(t.obstacle().name()).isEqualTo("fleet/a/r9/obstacle");
        assertThat(t.obstacle().format()).isEqualTo(PayloadFormat.JSON);
    }

    @Test
    void bad_mqtt_values_name_the_file_and_key() {
        assertThatThrownBy(() -> ConfigLoader.parse("mqtt:\n  format: xml\n", "robot.yaml")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("robot.yaml").hasMessageContaining("mqtt.format").hasMessageContaining("json, binary");
        assertThatThrownBy(() -> ConfigLoader.parse("mqtt:\n  broker_uri: http://x:1\n", "robot.yaml"))
                .hasMessageContaining("mqtt.broker_uri");
        assertThatThrownBy(() -> ConfigLoader.parse("mqtt:\n  robot_id: a/b\n", "robot.yaml")).hasMessageContaining("mqtt.robot_id");
        assertThatThrownBy(() -> ConfigLoader.parse("mqtt:\n  topics: {odom: {qos: 3}}\n", "robot.yaml"))
                .hasMessageContaining("mqtt.topics.odom.qos");
        assertThatThrownBy(() -> ConfigLoader.parse("mqtt:\n  topics: {odom: {name: a/+/b}}\n", "robot.yaml"))
                .hasMessageContaining("mqtt.topics.odom.name");
        assertThatThrownBy(() -> ConfigLoader.parse("mqtt:\n  topics: {odometry: {qos: 1}}\n", "robot.yaml"))
                .hasMessageContaining("unknown key 'mqtt.topics.odometry'");
        assertThatThrownBy(() -> ConfigLoader.parse("mqtt:\n  broker_uri: ssl://broker:8883\n", "robot.yaml"))
                .hasMessageContaining("mqtt.tls.ca_file");
        assertThatThrownBy(() -> ConfigLoader.parse("mqtt:\n  tls: {ca_file: ca.crt}\n", "robot.yaml"))
                .hasMessageContaining("tcp://").hasMessageContaining("ssl://");
        assertThatThrownBy(() -> ConfigLoader.parse("mqtt:\n  broker_uri: tcp://10.0.0.2:1883\n  embedded_broker: {enabled: true}\n",
                "robot.yaml")).hasMessageContaining("mqtt.embedded_broker.enabled");
        assertThatThrownBy(() -> ConfigLoader.parse("mqtt:\n  password: a\n  password_env: B\n", "robot.yaml"))
                .hasMessageContaining("mqtt.password_env");
    }

    @Test
    void tls_paths_resolve_against_the_config_folder_and_a_missing_password_variable_is_named() {
        RuntimeConfig c = ConfigLoader.parse("mqtt:\n  broker_uri: ssl://127.0.0.1:8883\n  username: robot\n"
                + "  password_env: POLICYRT_TEST_SURELY_UNSET\n  tls: {ca_file: certs/ca.crt}\n", "robot.yaml");
        assertThatThrownBy(() -> MqttWiring.settings(c.mqtt, MqttTransport.CONTROLLER, Path.of("/etc/policyrt"), "robot.yaml"))
                .hasMessageContaining("POLICYRT_TEST_SURELY_UNSET").hasMessageContaining("mqtt.password_env");
        c.mqtt.passwordEnv = null;
        c.mqtt.password = "pw";
        MqttSettings s = MqttWiring.settings(c.mqtt, MqttTransport.CONTROLLER, Path.of("/etc/policyrt"), "robot.yaml");
        assertThat(s.tls().caFile()).isEqualTo(Path.of("/etc/policyrt/certs/ca.crt"));
        assertThat(s.username()).isEqualTo("robot");
        assertThat(new String(s.password())).isEqualTo("pw");
    }

    @Test
    void the_release_topic_sits_next_to_the_estop_and_takes_overrides_like_the_other_topics() {
        RuntimeConfig c = ConfigLoader.parse("transport: {kind: mqtt}\nsafety: {estop: {release: release_topic}}\nmqtt:\n"
                + "  format: binary\n  robot_id: r9\n  topic_prefix: fleet/a\n  topics:\n    estop: {format: json}\n", "robot.yaml");
        MqttTopics t = MqttWiring.topics(c.mqtt);
        assertThat(t.estopRelease().name()).isEqualTo("fleet/a/r9/estop_release");
        assertThat(t.estopRelease().format()).as("the release topic's own format, not the e-stop's").isEqualTo(PayloadFormat.BINARY);
        assertThat(t.estopRelease().qos()).isEqualTo(1);
        c = ConfigLoader.parse("transport: {kind: mqtt}\nsafety: {estop: {release: release_topic}}\nmqtt:\n  topics:\n"
                + "    estop_release: {name: plant/console/release, format: json, qos: 2, max_payload_bytes: 256}\n", "robot.yaml");
        t = MqttWiring.topics(c.mqtt);
        assertThat(t.estopRelease()).isEqualTo(new io.policyrt.drivers.mqtt.TopicSpec("plant/console/release", PayloadFormat.JSON, 2, 256));
        assertThat(t.estop().name()).isEqualTo("policyrt/robot1/estop");
    }

    @Test
    void estop_topic_settings_that_could_lose_an_engage_or_do_nothing_are_refused_naming_the_key() {
        assertThatThrownBy(() -> ConfigLoader.parse("mqtt:\n  topics: {estop: {qos: 0}}\n", "robot.yaml")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("robot.yaml").hasMessageContaining("mqtt.topics.estop.qos").hasMessageContaining("1 or 2");
        assertThatThrownBy(() -> ConfigLoader.parse("safety: {estop: {release: release_topic}}\nmqtt:\n  topics: {estop_release: {qos: 0}}\n",
                "robot.yaml")).hasMessageContaining("mqtt.topics.estop_release.qos");
        // Configured but never subscribed: the operator would believe in a release button that does nothing.
        assertThatThrownBy(() -> ConfigLoader.parse("mqtt:\n  topics: {estop_release: {name: a/release}}\n", "robot.yaml"))
                .hasMessageContaining("mqtt.topics.estop_release").hasMessageContaining("safety.estop.release")
                .hasMessageContaining("release_topic");
        // One topic for both: every message on it would go to one of the two inputs only.
        assertThatThrownBy(() -> ConfigLoader.parse("safety: {estop: {release: release_topic}}\nmqtt:\n"
                + "  topics: {estop_release: {name: policyrt/robot1/estop}}\n", "robot.yaml"))
                .hasMessageContaining("mqtt.topics.estop_release.name").hasMessageContaining("mqtt.topics.estop");
        assertThatThrownBy(() -> ConfigLoader.parse("safety: {estop: {release: release_topic}}\nmqtt:\n"
                + "  topics: {estop: {name: x/stop}, estop_release: {name: x/stop}}\n", "robot.yaml"))
                .hasMessageContaining("mqtt.topics.estop_release.name");
        assertThatThrownBy(() -> ConfigLoader.parse("safety: {estop: {release: release_topic}}\nmqtt:\n"
                + "  topics: {estop_release: {name: a/+/release}}\n", "robot.yaml"))
                .hasMessageContaining("mqtt.topics.estop_release.name");
    }
}
