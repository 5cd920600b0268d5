package io.policyrt.launch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.drivers.ros1.testing.RosMaster;
import io.policyrt.drivers.ros1.testing.RosPeer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The ROS 1 commands as a user runs them: two policyrt processes on a rosmaster, with rostopic watching. */
class Ros1CommandLineIT {
    private static Path repo() {
        return Path.of(System.getProperty("policyrt.repo", "..")).toAbsolutePath().normalize();
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        PrintStream oldOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            int code = cl.execute(args);
            return new Result(code, out + captured.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
        }
    }

    @Test
    void run_without_a_master_says_where_it_looked_and_fails(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("ros1.yaml");
        int port = RosMaster.freePort();
        Files.writeString(cfg, "policy: {file: expert}\ntransport: {kind: ros1}\nros1: {master_uri: 'http://127.0.0.1:" + port
                + "/', host: 127.0.0.1}\n");
        Result r = run("run", "--config", cfg.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no ROS master answers at http://127.0.0.1:" + port + "/");
    }

    /**
     * {@code policyrt sim serve --transport ros1} and {@code policyrt run --config} as two separate
     * JVMs, launched the way the launcher script does, meeting on a rosmaster; {@code rostopic echo
     * /cmd_vel} shows the commands.
     */
    @Test
    void sim_serve_and_run_in_two_processes_complete_an_episode_over_rosmaster(@TempDir Path dir) throws Exception {
        Path classes = repo().resolve("launch/target/classes");
        Path lib = repo().resolve("launch/target/lib");
        assertThat(lib).as("the package phase copies the runtime classpath").isDirectory();
        try (RosMaster master = RosMaster.start(dir.resolve("master"));
             RosPeer echo = RosPeer.rostopic(master, dir, "echo", "/cmd_vel")) {
            Path cfg = dir.resolve("ros1.yaml");
            Files.writeString(cfg, String.join("\n",
                    "policy: {file: expert}",
                    "transport: {kind: ros1}",
                    "ros1:",
                    "  master_uri: " + master.uri(),
                    "  host: 127.0.0.1",
                    "  duration_s: 60",
                    "sim: {path: straight, encounter: crossing, seed: 2, duration_s: 60}",
                    ""));
            String cp = classes + File.pathSeparator + lib + File.separator + "*";
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process sim = new ProcessBuilder(java, "-cp", cp, Main.class.getName(), "sim", "serve", "--transport", "ros1", "--config",
                    cfg.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("sim.log").toFile()).start();
            Process controller = new ProcessBuilder(java, "-cp", cp, Main.class.getName(), "run", "--config", cfg.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile()).start();
            List<Process> all = new ArrayList<>(List.of(sim, controller));
            try {
                // geometry_msgs/Twist as rostopic prints it: linear: x: ..., angular: z: ...
                assertThat(echo.awaitLine(l -> l.startsWith("angular:"), Duration.ofSeconds(60)).trim()).isEqualTo("angular:");
                boolean simDone = sim.waitFor(90, TimeUnit.SECONDS);
                boolean runDone = controller.waitFor(30, TimeUnit.SECONDS);
                String simLog = Files.readString(dir.resolve("sim.log"));
                String runLog = Files.readString(dir.resolve("run.log"));
                assertThat(simDone && runDone).as("both exit by themselves\n--- sim\n%s\n--- run\n%s", simLog, runLog).isTrue();
                assertThat(sim.exitValue()).as(simLog).isZero();
                assertThat(controller.exitValue()).as(runLog).isZero();
                assertThat(simLog).contains("episode started", "served over ROS 1", "completed yes, collisions 0", "command stamp -> robot");
                assertThat(runLog).contains("PATH_COMPLETE", "sensor stamp -> decode", "/odom: accepted");
                System.out.println("--- sim serve\n" + simLog + "--- run\n" + runLog);
            } finally {
                for (Process p : all) {
                    p.destroyForcibly();
                }
            }
        }
    }
}
