package io.policyrt.launch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyrt.launch.testing.RepositoryRoot;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    @Test
    void shipped_example_parses_to_the_defaults() {
        RuntimeConfig c = ConfigLoader.load(RepositoryRoot.path().resolve("config/embedded-sim.yaml"));
        RuntimeConfig d = new RuntimeConfig();
        assertThat(c.loop.trigger).isEqualTo(d.loop.trigger);
        assertThat(c.drive.wheelRadiusM).isEqualTo(d.drive.wheelRadiusM);
        assertThat(c.drive.angular.decel).isEqualTo(d.drive.angular.decel);
        assertThat(c.sim.path).isEqualTo("figure-eight");
        assertThat(c.loop.phaseLock).isEqualTo(d.loop.phaseLock).isTrue();
        assertThat(c.loop.phaseLockMarginUs).isEqualTo(d.loop.phaseLockMarginUs);
    }

    @Test
    void the_phase_lock_can_be_switched_off_and_its_margin_is_range_checked() {
        RuntimeConfig off = ConfigLoader.parse("loop:\n  phase_lock: false\n", "robot.yaml");
        assertThat(off.loop.phaseLock).isFalse();
        assertThatThrownBy(() -> ConfigLoader.parse("loop:\n  phase_lock_margin_us: -1\n", "robot.yaml"))
                .hasMessageContaining("robot.yaml").hasMessageContaining("loop.phase_lock_margin_us");
        assertThatThrownBy(() -> ConfigLoader.parse("loop:\n  phase_lock: sometimes\n", "robot.yaml"))
                .hasMessageContaining("robot.yaml").hasMessageContaining("loop.phase_lock");
    }

    @Test
    void empty_file_means_all_defaults() {
        RuntimeConfig c = ConfigLoader.parse("", "empty.yaml");
        assertThat(c.policy.file).isEqualTo("bundled");
        assertThat(c.safety.goalToleranceM).isEqualTo(0.15);
    }

    @Test
    void unknown_key_is_refused_naming_file_key_and_allowed_keys() {
        assertThatThrownBy(() -> ConfigLoader.parse("loop:\n  trigger: timer\n  perod_ms: 20\n", "robot.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("robot.yaml")
                .hasMessageContaining("loop.perod_ms")
                .hasMessageContaining("period_ms");
    }

    @Test
    void unknown_top_level_section_is_refused() {
        assertThatThrownBy(() -> ConfigLoader.parse("controller:\n  rate: 50\n", "robot.yaml"))
                .hasMessageContaining("unknown key 'controller'").hasMessageContaining("loop");
    }

    @Test
    void value_outside_the_allowed_set_names_them() {
        assertThatThrownBy(() -> ConfigLoader.parse("loop:\n  trigger: sometimes\n", "robot.yaml"))
                .hasMessageContaining("robot.yaml").hasMessageContaining("loop.trigger")
                .hasMessageContaining("sometimes").hasMessageContaining("timer, on-message");
    }

    @Test
    void policy_backend_is_auto_by_default_and_refuses_other_values() {
        assertThat(ConfigLoader.parse("", "robot.yaml").policy.backend).isEqualTo("auto");
        assertThat(ConfigLoader.parse("policy:\n  backend: java\n", "robot.yaml").policy.backend).isEqualTo("java");
        assertThatThrownBy(() -> ConfigLoader.parse("policy:\n  backend: tensorflow\n", "robot.yaml"))
                .hasMessageContaining("robot.yaml").hasMessageContaining("policy.backend")
                .hasMessageContaining("tensorflow").hasMessageContaining("auto, onnxruntime, java");
    }

    @Test
    void wrong_type_names_the_key() {
        assertThatThrownBy(() -> ConfigLoader.parse("drive:\n  wheel_radius_m: big\n", "robot.yaml"))
                .hasMessageContaining("drive.wheel_radius_m").hasMessageContaining("big");
    }

    @Test
    void out_of_range_values_are_refused() {
        assertThatThrownBy(() -> ConfigLoader.parse("drive:\n  linear: {accel: 0, decel: 1, jerk: 1}\n", "robot.yaml"))
                .hasMessageContaining("drive.linear.accel").hasMessageContaining("> 0");
        assertThatThrownBy(() -> ConfigLoader.parse("loop:\n  period_ms: -5\n", "robot.yaml"))
                .hasMessageContaining("loop.period_ms");
        assertThatThrownBy(() -> ConfigLoader.parse("drive:\n  wheel_separation_m: -0.4\n", "robot.yaml"))
                .hasMessageContaining("drive.wheel_separation_m");
    }

    @Test
    void malformed_yaml_is_reported_with_the_file() {
        assertThatThrownBy(() -> ConfigLoader.parse("loop: [unclosed\n", "robot.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("robot.yaml");
    }
    @Test
    void mqtt_password_over_plain_tcp_to_another_host_is_refused_naming_the_keys() {
        assertThatThrownBy(() -> ConfigLoader.parse("mqtt:\n  broker_uri: tcp://10.0.0.5:1883\n  username: robot\n  password: s3cret\n",
                "robot.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("robot.yaml").hasMessageContaining("mqtt.password")
                .hasMessageContaining("mqtt.broker_uri").hasMessageContaining("clear text").hasMessageContaining("mqtt.tls.ca_file");
        assertThatThrownBy(() -> ConfigLoader.parse("mqtt:\n  broker_uri: tcp://broker.lan:1883\n  password_env: MQTT_PASSWORD\n",
                "robot.yaml")).hasMessageContaining("mqtt.password_env");
        // To this host the password never crosses a network: accepted.
        assertThat(ConfigLoader.parse("mqtt:\n  broker_uri: tcp://127.0.0.1:1883\n  username: robot\n  password: s3cret\n",
                "robot.yaml").mqtt.username).isEqualTo("robot");
    }

    @Test
    void mqtt_commands_at_qos_1_are_refused_naming_the_key() {
        assertThatThrownBy(() -> ConfigLoader.parse("mqtt:\n  topics:\n    cmd_wheels: {qos: 1}\n", "robot.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mqtt.topics.cmd_wheels.qos")
                .hasMessageContaining("must be 0");
        assertThatThrownBy(() -> ConfigLoader.parse("mqtt:\n  topics:\n    cmd_vel: {qos: 2}\n", "robot.yaml"))
                .hasMessageContaining("mqtt.topics.cmd_vel.qos");
    }

    @Test
    void a_future_tolerance_longer_than_the_odometry_timeout_is_refused_naming_both_keys() {
        assertThatThrownBy(() -> ConfigLoader.parse("safety:\n  odometry_timeout_ms: 100\n  future_tolerance_ms: 500\n", "robot.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("robot.yaml")
                .hasMessageContaining("safety.future_tolerance_ms")
                .hasMessageContaining("safety.odometry_timeout_ms");
        // The default odometry timeout at a 10 ms period is 100 ms (5 periods, at least 100 ms).
        assertThatThrownBy(() -> ConfigLoader.parse("loop:\n  period_ms: 10\n\nsafety:\n  future_tolerance_ms: 150\n", "robot.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("safety.odometry_timeout_ms")
                .hasMessageContaining("default");
    }

    @Test
    void a_future_tolerance_longer_than_the_obstacle_or_path_timeout_is_refused_naming_both_keys() {
        assertThatThrownBy(() -> ConfigLoader.parse(
                "safety:\n  odometry_timeout_ms: 500\n  obstacle_timeout_ms: 200\n  future_tolerance_ms: 300\n", "robot.yaml"))
                .hasMessageContaining("safety.future_tolerance_ms").hasMessageContaining("safety.obstacle_timeout_ms");
        assertThatThrownBy(() -> ConfigLoader.parse(
                "safety:\n  odometry_timeout_ms: 500\n  path_timeout_ms: 200\n  future_tolerance_ms: 300\n", "robot.yaml"))
                .hasMessageContaining("safety.future_tolerance_ms").hasMessageContaining("safety.path_timeout_ms");
        // Equal is allowed; a timeout of 0 (never stale) sets no bound.
        ConfigLoader.parse("safety:\n  odometry_timeout_ms: 300\n  obstacle_timeout_ms: 0\n  future_tolerance_ms: 300\n", "robot.yaml");
    }

    @Test
    void the_default_future_tolerance_fits_the_shortest_default_odometry_timeout() {
        RuntimeConfig c = ConfigLoader.parse("", "empty.yaml");
        assertThat(c.safety.futureToleranceMs).isLessThanOrEqualTo(100);
        // Checked again where the policy's period is known.
        assertThatThrownBy(() -> {
            RuntimeConfig d = ConfigLoader.parse("safety:\n  future_tolerance_ms: 300\n", "robot.yaml");
            io.policyrt.launch.wiring.ControllerWiring.safetyLimits(d.safety, 20_000_000L); // default odometry: 100 ms
        }).isInstanceOf(ConfigException.class).hasMessageContaining("safety.odometry_timeout_ms");
    }

    @Test
    void metrics_section_is_off_by_default_loopback_when_on_and_checked_like_every_other() {
        RuntimeConfig off = ConfigLoader.parse("", "empty.yaml");
        assertThat(off.metrics.enabled).as("no endpoint by default").isFalse();
        assertThat(off.metrics.bind).isEqualTo("127.0.0.1");
        RuntimeConfig on = ConfigLoader.parse("metrics:\n  enabled: true\n  port: 9464\n", "robot.yaml");
        assertThat(on.metrics.enabled).isTrue();
        assertThat(on.metrics.port).isEqualTo(9464);
        assertThat(on.metrics.bind).as("loopback unless configured").isEqualTo("127.0.0.1");
        assertThat(ConfigLoader.parse("metrics:\n", "empty-section.yaml").metrics.enabled).isFalse();

        assertThatThrownBy(() -> ConfigLoader.parse("metrics:\n  enabled: true\n  port: 70000\n", "robot.yaml"))
                .hasMessageContaining("robot.yaml").hasMessageContaining("metrics.port").hasMessageContaining("70000");
        assertThatThrownBy(() -> ConfigLoader.parse("metrics:\n  port: -1\n", "robot.yaml"))
                .hasMessageContaining("metrics.port");
        assertThatThrownBy(() -> ConfigLoader.parse("metrics:\n  port: http\n", "robot.yaml"))
                .hasMessageContaining("metrics.port").hasMessageContaining("http");
        assertThatThrownBy(() -> ConfigLoader.parse("metrics:\n  bind: ''\n", "robot.yaml"))
                .hasMessageContaining("metrics.bind");
        assertThatThrownBy(() -> ConfigLoader.parse("metrics:\n  listen: 0.0.0.0\n", "robot.yaml"))
                .hasMessageContaining("unknown key 'metrics.listen'").hasMessageContaining("bind").hasMessageContaining("port");
    }

    @Test
    void record_section_is_checked_like_every_other() {
        RuntimeConfig c = ConfigLoader.parse("record:\n  file: run.mcap\n  compression: lz4\n  rotate_mb: 100\n  rotate_s: 600\n"
                + "  queue_ticks: 8192\n", "robot.yaml");
        assertThat(c.record.file).isEqualTo("run.mcap");
        assertThat(c.record.compression).isEqualTo("lz4");
        assertThat(c.record.rotateMb).isEqualTo(100);
        assertThat(c.record.queueTicks).isEqualTo(8192);
        assertThat(ConfigLoader.parse("", "empty.yaml").record.file).as("no recording by default").isNull();
        assertThat(ConfigLoader.parse("record:\n", "empty-section.yaml").record.file).isNull();

        assertThatThrownBy(() -> ConfigLoader.parse("record:\n  compression: bz2\n", "robot.yaml"))
                .hasMessageContaining("robot.yaml").hasMessageContaining("record.compression").hasMessageContaining("bz2")
                .hasMessageContaining("zstd, lz4, none");
        assertThatThrownBy(() -> ConfigLoader.parse("record:\n  fil: run.mcap\n", "robot.yaml"))
                .hasMessageContaining("unknown key 'record.fil'").hasMessageContaining("compression");
        assertThatThrownBy(() -> ConfigLoader.parse("record:\n  file: run.bag\n", "robot.yaml"))
                .hasMessageContaining("record.file").hasMessageContaining(".mcap");
        assertThatThrownBy(() -> ConfigLoader.parse("record:\n  rotate_mb: 0.5\n", "robot.yaml"))
                .hasMessageContaining("record.rotate_mb").hasMessageContaining("at least 1");
        assertThatThrownBy(() -> ConfigLoader.parse("record:\n  rotate_s: -1\n", "robot.yaml"))
                .hasMessageContaining("record.rotate_s");
        assertThatThrownBy(() -> ConfigLoader.parse("record:\n  queue_ticks: 4\n", "robot.yaml"))
                .hasMessageContaining("record.queue_ticks").hasMessageContaining("16");
        assertThatThrownBy(() -> ConfigLoader.parse("record:\n  queue_ticks: many\n", "robot.yaml"))
                .hasMessageContaining("record.queue_ticks").hasMessageContaining("many");
    }
}
