package io.policyrt.sim.task;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Python mirror ({@code policy-export/python/policyrt_sim}) from tests with the interpreter
 * named by system property {@code policyrt.python} (the parent pom sets /usr/bin/python3). A missing
 * interpreter or numpy is a failure naming the Debian packages, never a skip.
 */
final class PolicyrtSimPython {
    static final String PACKAGES = "python3 python3-numpy";
    private static final long TIMEOUT_S = 300;

    private PolicyrtSimPython() {
    }

    /** Result of one run. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs {@code python3 -m <module> args...} in policy-export/python; fails when it cannot start. */
    static Result module(Path workDir, String module, List<String> args) throws IOException, InterruptedException {
        String python = System.getProperty("policyrt.python", "/usr/bin/python3");
        Path pythonDir = repositoryRoot().resolve("policy-export/python");
        List<String> command = new ArrayList<>(List.of(python, "-m", module));
        command.addAll(args);
        Path out = Files.createTempFile(workDir, "python", ".stdout");
        Path err = Files.createTempFile(workDir, "python", ".stderr");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(pythonDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            return fail("cannot start '" + python + "' (" + e.getMessage() + "); install Debian's " + PACKAGES
                    + " or point -Dpolicyrt.python at an interpreter with numpy");
        }
        if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail(String.join(" ", command) + " did not finish within " + TIMEOUT_S + " s");
        }
        String stderr = Files.readString(err);
        if (stderr.contains("No module named 'numpy'")) {
            fail("'" + python + "' cannot import numpy; install Debian's " + PACKAGES + "\n" + stderr);
        }
        return new Result(process.exitValue(), Files.readString(out), stderr);
    }

    /** The repository root: system property policyrt.repo, else the nearest folder up holding policy-export/python. */
    static Path repositoryRoot() {
        String property = System.getProperty("policyrt.repo");
        if (property != null && Files.isDirectory(Path.of(property, "policy-export/python/policyrt_sim"))) {
            return Path.of(property).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("policy-export/python/policyrt_sim"))) {
                return p;
            }
        }
        return fail("cannot find policy-export/python/policyrt_sim from policyrt.repo=" + property + " or the working directory");
    }
}
