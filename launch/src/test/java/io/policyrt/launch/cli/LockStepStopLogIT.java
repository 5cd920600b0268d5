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
 * The commands that play batches of lock-step episodes, each in its own JVM: they count every
 * episode's stop, so the safety governor's per-episode stop warnings stay off their standard
 * error, unless the user asks for them with the logger's level.
 */
class LockStepStopLogIT {
    private static final String LEVEL_KEY = "org.slf4j.simpleLogger.log." + SafetyGovernor.class.getName();

    @Test
    void an_evaluation_does_not_log_a_stop_per_episode(@TempDir Path dir) throws Exception {
        String log = run(dir, null, "sim", "evaluate", "--policy", "expert", "--seeds", "2");
        assertThat(log).contains("| figure-eight | crossing |   2 |   2 |   0 |").doesNotContain("stopping:");
    }

    @Test
    void recording_the_expert_does_not_log_a_stop_per_episode(@TempDir Path dir) throws Exception {
        String log = run(dir, null, "sim", "record-expert", "--out", dir.resolve("expert.csv").toString(),
                "--seeds-per-case", "1");
        assertThat(log).contains("from 9 episodes (9 completed without collision, 0 collisions)")
                .doesNotContain("stopping:");
    }

    @Test
    void a_level_the_user_sets_keeps_the_stop_log(@TempDir Path dir) throws Exception {
        String log = run(dir, "warn", "sim", "evaluate", "--policy", "expert", "--seeds", "2");
        // 9 cases of 2 episodes, each ends with its path complete
        assertThat(log.lines().filter(l -> l.contains("stopping: PATH_COMPLETE")).count()).isEqualTo(18);
    }

    private static String run(Path dir, String level, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        if (level != null) {
            command.add("-D" + LEVEL_KEY + "=" + level);
        }
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        Path out = dir.resolve("command.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished within 120 s", String.join(" ", args)).isTrue();
        String log = Files.readString(out);
        assertThat(p.exitValue()).as(log).isZero();
        return log;
    }
}
