package io.policyrt.launch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrt.recorder.TickJson;
import io.policyrt.recorder.mcap.McapReader;
import io.policyrt.recorder.mcap.McapSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policyrt demo --record FILE} killed with SIGKILL mid-run: no close, no summary, and yet
 * every tick of every complete chunk reads back, and {@code record info} says the file is cut
 * short (exit 1) after printing what it holds.
 */
class RecordKilledDemoIT {
    @Test
    void a_recorded_demo_killed_with_sigkill_leaves_its_complete_chunks_readable(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("killed.mcap");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "demo", "--policy", "expert", "--path",
                "straight", "--encounter", "none", "--duration", "60", "--out", dir.resolve("plots").toString(), "--record",
                file.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("demo.log").toFile()).start();
        // The expert policy: a child JVM started from the test class path with the bundled ONNX
        // policy exited at once with status 139 here, before any output; the same command from the
        // launcher's class path runs. A chunk is written once its ticks span 1 s: wait for three, then kill.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int chunksBeforeKill = 0;
        long ticksBeforeKill = 0;
        while (chunksBeforeKill < 3) {
            assertThat(p.isAlive()).as("the recorded demo runs (exit %s): %s", p.isAlive() ? "-" : p.exitValue(),
                    Files.readString(dir.resolve("demo.log"))).isTrue();
            assertThat(System.nanoTime()).as("three chunks within 20 s (file: %s); %s",
                    Files.exists(file) ? Files.size(file) + " bytes" : "none", Files.readString(dir.resolve("demo.log")))
                    .isLessThan(deadline);
            Thread.sleep(200);
            if (Files.exists(file)) {
                try (McapReader r = McapReader.open(file)) {
                    McapSummary s = r.summary();
                    chunksBeforeKill = s.chunks().size();
                    ticksBeforeKill = s.messageCount(TickJson.TOPIC);
                } catch (java.io.IOException stillStarting) {
                    // the header or the metadata are still being written
                }
            }
        }
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close()
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        List<Long> ticks = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        McapSummary s;
        try (McapReader r = McapReader.open(file)) {
            assertThat(r.hasFooter()).isFalse();
            s = r.scan((channel, m) -> {
                if (channel.topic().equals(TickJson.TOPIC)) {
                    ticks.add(json.readTree(m.data()).get("tick").asLong());
                }
            });
        }
        assertThat(s.complete()).isFalse();
        assertThat(s.metadata("policy")).isNotNull();
        // Every tick the file held before the kill is still there, in order from the first.
        assertThat(ticks.size()).isGreaterThanOrEqualTo((int) ticksBeforeKill).isPositive();
        for (int i = 0; i < ticks.size(); i++) {
            assertThat(ticks.get(i)).isEqualTo(i);
        }

        CommandLineRun info = CommandLineRun.of("record", "info", file.toString());
        assertThat(info.code()).isEqualTo(1);
        assertThat(info.out()).contains("state:    incomplete", TickJson.TOPIC);
        assertThat(info.err()).contains(file + " is incomplete");
    }
}
