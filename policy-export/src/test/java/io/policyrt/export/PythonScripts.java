package io.policyrt.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrt.controller.policy.OnnxPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the scripts in {@code policy-export/python/} from tests, with the interpreter named by
 * system property {@code policyrt.python} (the parent pom sets /usr/bin/python3). A missing
 * interpreter, torch or onnx is a test failure naming the Debian packages, never a skip.
 */
final class PythonScripts {
    static final String PACKAGES = "python3-torch python3-onnx python3-numpy python3-matplotlib";
    private static final long TIMEOUT_S = 300;

    private PythonScripts() {
    }

    static String interpreter() {
        return System.getProperty("policyrt.python", "/usr/bin/python3");
    }

    /** Fails unless the interpreter imports torch, onnx, numpy and matplotlib. */
    static void requireTorchAndOnnx(Path dir) throws IOException, InterruptedException {
        Result probe = run(dir, "probe", List.of(interpreter(), "-c", "import torch, onnx, numpy, matplotlib"));
        if (probe.exitCode != 0) {
            fail("'" + interpreter() + "' cannot import torch, onnx, numpy and matplotlib; install Debian's "
                    + PACKAGES + " (apt-get install " + PACKAGES + ") or point -Dpolicyrt.python at an interpreter"
                    + " that has them.\nstderr:\n" + probe.stderr);
        }
    }

    /** Runs {@code policy-export/python/<script>} with {@code args}; fails with its stderr unless it exits 0. */
    static Result runScript(Path dir, String script, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(interpreter());
        command.add(repositoryRoot().resolve("policy-export/python").resolve(script).toString());
        command.addAll(args);
        Result result = run(dir, script, command);
        if (result.exitCode != 0) {
            fail(script + " exited with " + result.exitCode + " (" + String.join(" ", command) + ")"
                    + (result.exitCode == 3 ? "; install Debian's " + PACKAGES : "") + "\nstderr:\n" + result.stderr);
        }
        return result;
    }

    static final class Result {
        final int exitCode;
        final String stdout;
        final String stderr;

        Result(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }

    /** Runs a command with a timeout; stdout and stderr go to files so a full pipe cannot block it. */
    static Result run(Path dir, String tag, List<String> command) throws IOException, InterruptedException {
        Path out = dir.resolve(tag + ".stdout.txt");
        Path err = dir.resolve(tag + ".stderr.txt");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(repositoryRoot().toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            fail("cannot start '" + command.get(0) + "' (" + e.getMessage() + "); install Debian's python3 and "
                    + PACKAGES + " or point -Dpolicyrt.python at an interpreter that has torch and onnx");
            throw e;
        }
        if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail(String.join(" ", command) + " did not finish within " + TIMEOUT_S + " s\nstderr:\n" + Files.readString(err));
        }
        String stderr = Files.readString(err);
        if (process.exitValue() != 0) {
            System.err.println(stderr);
        }
        return new Result(process.exitValue(), Files.readString(out), stderr);
    }

    /** The repository root: system property policyrt.repo, else the nearest folder up holding export.py. */
    static Path repositoryRoot() {
        String property = System.getProperty("policyrt.repo");
        if (property != null && Files.isRegularFile(Path.of(property, "policy-export/python/export.py"))) {
            return Path.of(property).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("policy-export/python/export.py"))) {
                return p;
            }
        }
        return fail("cannot find policy-export/python/export.py from policyrt.repo=" + property
                + " or the working directory");
    }

    /**
     * Runs every golden observation of {@code golden} through {@code policy}; returns the largest
     * |ONNX Runtime - PyTorch| over all rows and actions. Each action must be finite.
     */
    static double maxGoldenError(OnnxPolicy policy, Path golden, int expectedRows) throws IOException {
        JsonNode doc = new ObjectMapper().readTree(golden.toFile());
        JsonNode observations = doc.get("observations");
        JsonNode actions = doc.get("actions");
        assertThat(observations.size()).as("golden rows").isEqualTo(actions.size()).isEqualTo(expectedRows);
        float[] obs = new float[policy.spec().observationSize()];
        float[] act = new float[policy.spec().actionSize()];
        double maxError = 0;
        for (int r = 0; r < observations.size(); r++) {
            JsonNode row = observations.get(r);
            assertThat(row.size()).isEqualTo(obs.length);
            for (int i = 0; i < obs.length; i++) {
                obs[i] = (float) row.get(i).asDouble();
            }
            policy.act(obs, act);
            for (int j = 0; j < act.length; j++) {
                assertThat(act[j]).as("row %d action %d", r, j).isFinite();
                maxError = Math.max(maxError, Math.abs((double) act[j] - (float) actions.get(r).get(j).asDouble()));
            }
        }
        return maxError;
    }
}
