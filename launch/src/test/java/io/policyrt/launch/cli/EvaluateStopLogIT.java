package io.policyrt.launch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.safety.SafetyGovernor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policyrt sim evaluate} in its own JVM: the table counts every episode's stop, so the
 * safety governor's per-episode stop warnings stay off its standard error, unless the user asks
 * for them with the logger's level.
 */
class EvaluateStopLogIT {
    private static final String LEVEL_KEY = "org.slf4j.simpleLogger.log." + SafetyGovernor.class.getName();

    @Test
    void an_evaluation_does_not_log_a_stop_per_episode(@TempDir Path dir) throws Exception {
        String log = evaluate(dir, null);
        assertThat(log).contains("| figure-eight | crossing |   2 |   2 |   0 |").doesNotContain("stopping:");
    }

    @Test
    void a_level_the_user_sets_keeps_the_stop_log(@TempDir Path dir) throws Exception {
        String log = evaluate(dir, "warn");
        // 9 cases of 2 episodes, each ends with its path complete
        assertThat(log.lines().filter(l -> l.contains("stopping: PATH_COMPLETE")).count()).isEqualTo(18);
    }

    private static String evaluate(Path dir, String level) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        if (level != null) {
            command.add("-D" + LEVEL_KEY + "=" + level);
        }
        command.addAll(List.of(Main.class.getName(), "sim", "evaluate", "--policy", "expert", "--seeds", "2"));
        Path out = dir.resolve("evaluate.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("evaluation finished within 120 s").isTrue();
        String log = Files.readString(out);
        assertThat(p.exitValue()).as(log).isZero();
        return log;
    }
}
