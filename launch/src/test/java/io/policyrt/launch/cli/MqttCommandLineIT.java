package io.policyrt.launch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.drivers.mqtt.testing.MosquittoBroker;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The MQTT commands as a user runs them: the demo with the embedded broker, and two processes over mosquitto. */
class MqttCommandLineIT {
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
    void demo_over_mqtt_with_the_embedded_broker_drives_and_reports_latency() {
        Result r = run("demo", "--transport", "mqtt", "--policy", "expert", "--path", "straight", "--encounter", "none", "--duration", "5");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("embedded MQTT broker on tcp://127.0.0.1:", "served over MQTT", "completed NO",
                "command stamp -> robot", "sensor stamp -> decode", "policyrt/robot1/odom (binary, QoS 0): accepted");
        // 5 s of a 24 s line: the robot moved at least a metre.
        assertThat(r.out()).containsPattern("progress [1-9]\\.\\d\\d / 12\\.00 m");
    }

    @Test
    void sim_serve_refuses_an_unknown_transport() {
        Result r = run("sim", "serve", "--transport", "carrier-pigeon");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("carrier-pigeon", "allowed: mqtt");
    }

    @Test
    void run_with_an_unreachable_broker_says_which_and_fails(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("mqtt.yaml");
        int port = MosquittoBroker.freePort();
        Files.writeString(cfg, "policy: {file: expert}\ntransport: {kind: mqtt}\nmqtt: {broker_uri: 'tcp://127.0.0.1:" + port
                + "', connect_timeout_s: 2}\n");
        Result r = run("run", "--config", cfg.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot reach the broker at tcp://127.0.0.1:" + port);
    }

    /**
     * {@code policyrt sim serve} and {@code policyrt run --config} as two separate JVMs, launched
     * the way the launcher script does, meeting on a mosquitto broker.
     */
    @Test
    void sim_serve_and_run_in_two_processes_complete_an_episode_over_mosquitto(@TempDir Path dir) throws Exception {
        Path classes = repo().resolve("launch/target/classes");
        Path lib = repo().resolve("launch/target/lib");
        assertThat(lib).as("the package phase copies the runtime classpath").isDirectory();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            Path cfg = dir.resolve("mqtt.yaml");
            Files.writeString(cfg, String.join("\n",
                    "policy: {file: expert}",
                    "transport: {kind: mqtt}",
                    "mqtt:",
                    "  broker_uri: " + broker.uri(),
                    "  robot_id: two-proc",
                    "  format: json",
                    "  duration_s: 60",
                    "sim: {path: straight, encounter: crossing, seed: 2, duration_s: 60}",
                    ""));
            String cp = classes + File.pathSeparator + lib + File.separator + "*";
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process sim = new ProcessBuilder(java, "-cp", cp, Main.class.getName(), "sim", "serve", "--transport", "mqtt", "--config",
                    cfg.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("sim.log").toFile()).start();
            Process controller = new ProcessBuilder(java, "-cp", cp, Main.class.getName(), "run", "--config", cfg.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile()).start();
            List<Process> all = new ArrayList<>(List.of(sim, controller));
            try {
                boolean simDone = sim.waitFor(90, TimeUnit.SECONDS);
                boolean runDone = controller.waitFor(30, TimeUnit.SECONDS);
                String simLog = Files.readString(dir.resolve("sim.log"));
                String runLog = Files.readString(dir.resolve("run.log"));
                assertThat(simDone && runDone).as("both exit by themselves\n--- sim\n%s\n--- run\n%s", simLog, runLog).isTrue();
                assertThat(sim.exitValue()).as(simLog).isZero();
                assertThat(controller.exitValue()).as(runLog).isZero();
                assertThat(simLog).contains("episode started", "served over MQTT", "completed yes, collisions 0", "command stamp -> robot");
                assertThat(runLog).contains("PATH_COMPLETE", "sensor stamp -> decode", "policyrt/two-proc/odom (json, QoS 0): accepted");
                System.out.println("--- sim serve\n" + simLog + "--- run\n" + runLog);
            } finally {
                for (Process p : all) {
                    p.destroyForcibly();
                }
            }
        }
    }
}
