package io.policyrt.launch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.drivers.ros1.testing.RosMaster;
import io.policyrt.drivers.ros1.testing.RosPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ROS 1 commands as a user runs them: two policyrt processes on a rosmaster, with rostopic watching. */
class Ros1CommandLineIT {
    @Test
    void run_without_a_master_says_where_it_looked_and_fails(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("ros1.yaml");
        int port = RosMaster.freePort();
        Files.writeString(cfg, "policy: {file: expert}\ntransport: {kind: ros1}\nros1: {master_uri: 'http://127.0.0.1:" + port
                + "/', host: 127.0.0.1}\n");
        CommandLineRun r = CommandLineRun.of("run", "--config", cfg.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no ROS master answers at http://127.0.0.1:" + port + "/");
    }

    /**
     * {@code policyrt sim serve --transport ros1} and {@code policyrt run --config} as two JVMs
     * meeting on a rosmaster; {@code rostopic echo /cmd_vel} shows the commands.
     */
    @Test
    void sim_serve_and_run_in_two_processes_complete_an_episode_over_rosmaster(@TempDir Path dir) throws Exception {
        try (RosMaster master = RosMaster.start(dir.resolve("master"));
             RosPeer echo = RosPeer.rostopic(master, dir, "echo", "/cmd_vel")) {
            Path cfg = dir.resolve("ros1.yaml");
            Files.writeString(cfg, String.join("\n",
                    "policy: {file: expert}",
                    "transport: {kind: ros1}",
                    "ros1:",
                    "  master_uri: " + master.uri(),
                    "  host: 127.0.0.1",
                    "run: {duration_s: 60}",
                    "sim: {path: straight, encounter: crossing, seed: 2, duration_s: 60}",
                    ""));
            try (TwoProcessEpisode episode = TwoProcessEpisode.start(dir, "ros1", cfg)) {
                // geometry_msgs/Twist as rostopic prints it: linear: x: ..., angular: z: ...
                assertThat(echo.awaitLine(l -> l.startsWith("angular:"), Duration.ofSeconds(60)).trim()).isEqualTo("angular:");
                TwoProcessEpisode.Logs logs = episode.awaitCleanExit();
                assertThat(logs.sim()).contains("episode started", "served over ROS 1", "completed yes, collisions 0",
                        "command stamp -> robot");
                assertThat(logs.run()).contains("PATH_COMPLETE", "sensor stamp -> decode", "/odom: accepted");
            }
        }
    }
}
