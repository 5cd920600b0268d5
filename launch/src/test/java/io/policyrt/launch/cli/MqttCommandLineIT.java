package io.policyrt.launch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.drivers.mqtt.testing.MosquittoBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MQTT commands as a user runs them: the demo with the embedded broker, and two processes over mosquitto. */
class MqttCommandLineIT {
    @Test
    void demo_over_mqtt_with_the_embedded_broker_drives_and_reports_latency() {
        CommandLineRun r = CommandLineRun.of("demo", "--transport", "mqtt", "--policy", "expert", "--path", "straight",
                "--encounter", "none", "--duration", "5");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("embedded MQTT broker on tcp://127.0.0.1:", "served over MQTT", "completed NO",
                "command stamp -> robot", "sensor stamp -> decode", "policyrt/robot1/odom: accepted");
        // 5 s of a 24 s line: the robot moved at least a metre.
        assertThat(r.out()).containsPattern("progress [1-9]\\.\\d\\d / 12\\.00 m");
    }

    @Test
    void sim_serve_refuses_an_unknown_transport() {
        CommandLineRun r = CommandLineRun.of("sim", "serve", "--transport", "carrier-pigeon");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("carrier-pigeon", "allowed: mqtt");
    }

    @Test
    void run_with_an_unreachable_broker_says_which_and_fails(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("mqtt.yaml");
        int port = MosquittoBroker.freePort();
        Files.writeString(cfg, "policy: {file: expert}\ntransport: {kind: mqtt}\nmqtt: {broker_uri: 'tcp://127.0.0.1:" + port
                + "', connect_timeout_s: 2}\n");
        CommandLineRun r = CommandLineRun.of("run", "--config", cfg.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot reach the broker at tcp://127.0.0.1:" + port);
    }

    /** {@code policyrt sim serve} and {@code policyrt run --config} as two JVMs meeting on a mosquitto broker. */
    @Test
    void sim_serve_and_run_in_two_processes_complete_an_episode_over_mosquitto(@TempDir Path dir) throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            Path cfg = dir.resolve("mqtt.yaml");
            Files.writeString(cfg, String.join("\n",
                    "policy: {file: expert}",
                    "transport: {kind: mqtt}",
                    "mqtt:",
                    "  broker_uri: " + broker.uri(),
                    "  robot_id: two-proc",
                    "  format: json",
                    "run: {duration_s: 60}",
                    "sim: {path: straight, encounter: crossing, seed: 2, duration_s: 60}",
                    ""));
            try (TwoProcessEpisode episode = TwoProcessEpisode.start(dir, "mqtt", cfg)) {
                TwoProcessEpisode.Logs logs = episode.awaitCleanExit();
                assertThat(logs.sim()).contains("episode started", "served over MQTT", "completed yes, collisions 0",
                        "command stamp -> robot");
                assertThat(logs.run()).contains("PATH_COMPLETE", "sensor stamp -> decode",
                        "policyrt/two-proc/odom: accepted");
            }
        }
    }
}
