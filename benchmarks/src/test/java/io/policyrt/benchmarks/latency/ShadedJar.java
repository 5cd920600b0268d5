package io.policyrt.benchmarks.latency;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.benchmarks.RepositoryRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the shaded {@code benchmarks.jar} in a child JVM, as a user does, and returns its output. */
final class ShadedJar {
    private ShadedJar() {
    }

    static Path jar() {
        Path jar = RepositoryRoot.resolve("benchmarks/target/benchmarks.jar");
        assertThat(jar).as("the shaded jar (built by package, before the integration tests)").isRegularFile();
        return jar;
    }

    /** Runs {@code java <jvmArgs...>} with a time limit; fails with the output unless it exits 0. */
    static String run(Path dir, long timeoutS, List<String> jvmArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-D" + RepositoryRoot.PROPERTY + "=" + RepositoryRoot.find());
        command.addAll(jvmArgs);
        Path log = dir.resolve("child.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(timeoutS, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(done).as("finished within %d s: %s\n%s", timeoutS, command, out).isTrue();
        assertThat(p.exitValue()).as("exit status of %s:\n%s", command, out).isZero();
        return out;
    }
}
