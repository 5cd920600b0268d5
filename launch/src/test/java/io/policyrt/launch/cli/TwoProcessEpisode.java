package io.policyrt.launch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.launch.testing.RepositoryRoot;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code policyrt sim serve --transport T --config C} and {@code policyrt run --config C} as two
 * separate JVMs on the packaged classpath, launched the way the launcher script does, each
 * logging to a file in the test's directory.
 */
final class TwoProcessEpisode implements AutoCloseable {
    /** What each process printed. */
    record Logs(String sim, String run) {
    }

    private final Path dir;
    private final Process sim;
    private final Process controller;

    private TwoProcessEpisode(Path dir, Process sim, Process controller) {
        this.dir = dir;
        this.sim = sim;
        this.controller = controller;
    }

    static TwoProcessEpisode start(Path dir, String transport, Path config) throws IOException {
        Path classes = RepositoryRoot.path().resolve("launch/target/classes");
        Path lib = RepositoryRoot.path().resolve("launch/target/lib");
        assertThat(lib).as("the package phase copies the runtime classpath").isDirectory();
        String cp = classes + File.pathSeparator + lib + File.separator + "*";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process sim = new ProcessBuilder(java, "-cp", cp, Main.class.getName(), "sim", "serve", "--transport", transport, "--config",
                config.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("sim.log").toFile()).start();
        Process controller = new ProcessBuilder(java, "-cp", cp, Main.class.getName(), "run", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile()).start();
        return new TwoProcessEpisode(dir, sim, controller);
    }

    /**
     * Waits for the episode to end: the simulator within 90 s, the controller 30 s after it. Both
     * must exit by themselves with status 0; the failure message carries both logs, and the
     * threads of a process that did not exit.
     */
    Logs awaitCleanExit() throws IOException, InterruptedException {
        boolean simDone = sim.waitFor(90, TimeUnit.SECONDS);
        boolean runDone = controller.waitFor(30, TimeUnit.SECONDS);
        Logs logs = new Logs(Files.readString(dir.resolve("sim.log")), Files.readString(dir.resolve("run.log")));
        assertThat(simDone && runDone).as("both exit by themselves\n--- sim\n%s\n--- run\n%s%s", logs.sim(), logs.run(),
                threadDump(sim) + threadDump(controller)).isTrue();
        assertThat(sim.exitValue()).as(logs.sim()).isZero();
        assertThat(controller.exitValue()).as(logs.run()).isZero();
        System.out.println("--- sim serve\n" + logs.sim() + "--- run\n" + logs.run());
        return logs;
    }

    /** The threads of a process that did not exit (where it hangs), or nothing for one that did. */
    private String threadDump(Process process) throws IOException, InterruptedException {
        if (!process.isAlive()) {
            return "";
        }
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Path out = dir.resolve("threads-" + process.pid() + ".txt");
        Process dump = new ProcessBuilder(jcmd, Long.toString(process.pid()), "Thread.print").redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!dump.waitFor(20, TimeUnit.SECONDS)) {
            dump.destroyForcibly();
        }
        return "\n--- threads of pid " + process.pid() + " (still running)\n" + Files.readString(out);
    }

    @Override
    public void close() {
        for (Process p : List.of(sim, controller)) {
            p.destroyForcibly();
        }
    }
}
