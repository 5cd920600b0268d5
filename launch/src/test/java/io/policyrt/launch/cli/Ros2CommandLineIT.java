package io.policyrt.launch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policyrt sim serve --transport ros2} and {@code policyrt run} as two separate JVMs,
 * launched the way the launcher script does, meeting over DDS on a domain of their own,
 * localhost only.
 */
class Ros2CommandLineIT {
    private static Path repo() {
        return Path.of(System.getProperty("policyrt.repo", "..")).toAbsolutePath().normalize();
    }

    @Test
    void sim_serve_and_run_in_two_processes_complete_an_episode_over_ros2(@TempDir Path dir) throws Exception {
        Path classes = repo().resolve("launch/target/classes");
        Path lib = repo().resolve("launch/target/lib");
        assertThat(lib).as("the package phase copies the runtime classpath").isDirectory();
        int domain = ThreadLocalRandom.current().nextInt(20, 200);
        Path cfg = dir.resolve("ros2.yaml");
        Files.writeString(cfg, String.join("\n",
                "policy: {file: expert}",
                "transport: {kind: ros2}",
                "ros2:",
                "  domain_id: " + domain,
                "  localhost_only: true",
                "  duration_s: 60",
                "sim: {path: straight, encounter: crossing, seed: 2, duration_s: 60}",
                ""));
        String cp = classes + File.pathSeparator + lib + File.separator + "*";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process sim = new ProcessBuilder(java, "-cp", cp, Main.class.getName(), "sim", "serve", "--transport", "ros2", "--config",
                cfg.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("sim.log").toFile()).start();
        Process controller = new ProcessBuilder(java, "-cp", cp, Main.class.getName(), "run", "--config", cfg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile()).start();
        try {
            boolean simDone = sim.waitFor(90, TimeUnit.SECONDS);
            boolean runDone = controller.waitFor(30, TimeUnit.SECONDS);
            String simLog = Files.readString(dir.resolve("sim.log"));
            String runLog = Files.readString(dir.resolve("run.log"));
            assertThat(simDone && runDone).as("both exit by themselves\n--- sim\n%s\n--- run\n%s", simLog, runLog).isTrue();
            assertThat(sim.exitValue()).as(simLog).isZero();
            assertThat(controller.exitValue()).as(runLog).isZero();
            assertThat(simLog).contains("simulated robot on ROS 2 domain " + domain, "episode started",
                    "episode served over ROS 2: completed=true collided=false", "/wheel_commands: {\"accepted\":");
            assertThat(runLog).contains("controller on ROS 2 domain " + domain + " (localhost only)",
                    "/odom (BEST_EFFORT/VOLATILE): {\"accepted\":", "odometry stamp -> decode").doesNotContain("QoS mismatch");
            System.out.println("--- sim serve\n" + simLog + "--- run\n" + runLog);
        } finally {
            for (Process p : List.of(sim, controller)) {
                p.destroyForcibly();
            }
        }
    }
}
