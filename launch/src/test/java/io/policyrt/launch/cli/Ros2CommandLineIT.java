package io.policyrt.launch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policyrt sim serve --transport ros2} and {@code policyrt run} as two separate JVMs,
 * launched the way the launcher script does, meeting over DDS on a domain of their own,
 * localhost only.
 */
class Ros2CommandLineIT {
    @Test
    void sim_serve_and_run_in_two_processes_complete_an_episode_over_ros2(@TempDir Path dir) throws Exception {
        int domain = ThreadLocalRandom.current().nextInt(20, 200);
        Path cfg = dir.resolve("ros2.yaml");
        Files.writeString(cfg, String.join("\n",
                "policy: {file: expert}",
                "transport: {kind: ros2}",
                "ros2:",
                "  domain_id: " + domain,
                "  localhost_only: true",
                "run: {duration_s: 60}",
                "sim: {path: straight, encounter: crossing, seed: 2, duration_s: 60}",
                ""));
        try (TwoProcessEpisode episode = TwoProcessEpisode.start(dir, "ros2", cfg)) {
            TwoProcessEpisode.Logs logs = episode.awaitCleanExit();
            assertThat(logs.sim()).contains("simulated robot on ROS 2 domain " + domain, "episode started",
                    "served over ROS 2", "completed yes, collisions 0",
                    "/wheel_commands: accepted");
            assertThat(logs.run()).contains("controller on ROS 2 domain " + domain + " (localhost only)",
                    "/odom: accepted", "sensor stamp -> decode").doesNotContain("QoS mismatch");
        }
    }
}
