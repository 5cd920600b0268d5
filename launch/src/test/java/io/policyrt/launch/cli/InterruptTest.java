package io.policyrt.launch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C (SIGINT) on a running demo stops the loop through its shutdown path: a zero command. */
class InterruptTest {
    @Test
    void sigint_stops_the_demo_with_a_zero_command(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "demo",
                "--duration", "60", "--out", dir.toString())
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean sent = false;
            while ((line = r.readLine()) != null) {
                lines.add(line);
                if (!sent && line.startsWith("t=")) {
                    // The loop is running: press Ctrl-C.
                    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
                    sent = true;
                }
            }
        } finally {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        String all = String.join("\n", lines);
        assertThat(all).contains("stopping: SHUTDOWN").contains("sent a zero command and stopped");
        assertThat(p.exitValue()).as(all).isNotZero(); // 130: ended by the signal
    }
}
