package io.policyrt.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.OnnxPolicy;
import io.policyrt.controller.policy.PolicyLoader;
import io.policyrt.controller.policy.PolicySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports a seeded random actor with {@code policy-export/python/export.py} and checks that ONNX
 * Runtime, through {@link PolicyLoader} and {@link OnnxPolicy}, reproduces PyTorch's float32
 * actions on the golden observations.
 *
 * <p>Needs the interpreter from system property {@code policyrt.python} (the parent pom sets
 * /usr/bin/python3) with Debian's python3-torch and python3-onnx. Without them the test fails; it
 * never skips.
 */
class PytorchParityTest {
    private static final double TOLERANCE = 1e-5;
    private static final long TIMEOUT_S = 300;
    private static final String PACKAGES = "python3-torch python3-onnx python3-numpy";

    private static String python;
    private static Path repo;

    @BeforeAll
    static void findPythonWithTorchAndOnnx(@TempDir Path dir) throws Exception {
        python = System.getProperty("policyrt.python", "/usr/bin/python3");
        repo = repositoryRoot();
        Result probe = run(dir, "probe", List.of(python, "-c", "import torch, onnx, numpy; print(torch.__version__, onnx.__version__)"));
        if (probe.exitCode != 0) {
            fail("'" + python + "' cannot import torch, onnx and numpy; install Debian's " + PACKAGES
                    + " (apt-get install " + PACKAGES + ") or point -Dpolicyrt.python at an interpreter that has them."
                    + "\nstderr:\n" + probe.stderr);
        }
    }

    @Test
    void policyrt_layout_export_matches_pytorch_to_1e_minus_5(@TempDir Path dir) throws Exception {
        double maxError = exportAndCompare(dir, "random", 16, false);
        System.out.printf("PolicyRT layout, 16 features: max |onnxruntime - torch| = %.3g%n", maxError);
        assertThat(maxError).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void gops_layout_export_with_sidecar_matches_pytorch_to_1e_minus_5(@TempDir Path dir) throws Exception {
        double maxError = exportAndCompare(dir, "random-gops", 8, true);
        System.out.printf("GOPS layout, 8 features: max |onnxruntime - torch| = %.3g%n", maxError);
        assertThat(maxError).isLessThanOrEqualTo(TOLERANCE);
    }

    /** Exports, loads, runs every golden observation; returns the largest absolute difference. */
    private static double exportAndCompare(Path dir, String name, int obsDim, boolean gops) throws Exception {
        Path onnx = dir.resolve(name + ".onnx");
        List<String> command = new ArrayList<>(List.of(python, repo.resolve("policy-export/python/export.py").toString(),
                "--random-actor", "--obs-dim", Integer.toString(obsDim), "--out", onnx.toString(),
                "--golden", dir.toString(), "--seed", "7"));
        if (gops) {
            command.add("--gops");
        }
        Result export = run(dir, name, command);
        if (export.exitCode != 0) {
            fail("export.py exited with " + export.exitCode + " (" + String.join(" ", command) + ")"
                    + (export.exitCode == 3 ? "; install Debian's " + PACKAGES : "") + "\nstderr:\n" + export.stderr);
        }
        assertThat(Files.exists(PolicyLoader.defaultSidecar(onnx))).as("sidecar written").isEqualTo(gops);

        List<String> known = List.copyOf(FeatureRegistry.tracking().names());
        JsonNode golden = new ObjectMapper().readTree(dir.resolve(name + ".golden.json").toFile());
        JsonNode observations = golden.get("observations");
        JsonNode actions = golden.get("actions");
        assertThat(observations.size()).isEqualTo(actions.size()).isEqualTo(64);

        try (OnnxPolicy policy = PolicyLoader.load(onnx, known)) {
            PolicySpec spec = policy.spec();
            // export.py's feature list mirrors FeatureRegistry.tracking(), in the same order.
            assertThat(spec.featureNames()).isEqualTo(known.subList(0, obsDim));
            assertThat(spec.actionNames()).containsExactly("v_mps", "w_radps");
            assertThat(spec.provenance()).containsEntry("algorithm", "random-init").containsKeys(
                    "weights_sha256", "exporter_revision", "created_utc");
            assertThat(spec.source()).contains(gops ? "sidecar" : "metadata");
            assertThat(policy.inputName()).isEqualTo(gops ? "input" : "observation");
            assertThat(policy.outputName()).isEqualTo(gops ? "output" : "action");

            float[] obs = new float[obsDim];
            float[] act = new float[spec.actionSize()];
            double maxError = 0;
            for (int r = 0; r < observations.size(); r++) {
                JsonNode row = observations.get(r);
                assertThat(row.size()).isEqualTo(obsDim);
                for (int i = 0; i < obsDim; i++) {
                    obs[i] = (float) row.get(i).asDouble();
                }
                policy.act(obs, act);
                for (int j = 0; j < act.length; j++) {
                    float torch = (float) actions.get(r).get(j).asDouble();
                    assertThat(act[j]).as("row %d action %d", r, j).isFinite();
                    maxError = Math.max(maxError, Math.abs((double) act[j] - torch));
                }
            }
            return maxError;
        }
    }

    private static final class Result {
        final int exitCode;
        final String stderr;

        Result(int exitCode, String stderr) {
            this.exitCode = exitCode;
            this.stderr = stderr;
        }
    }

    /** Runs a command with a timeout; stdout and stderr go to files so a full pipe cannot block it. */
    private static Result run(Path dir, String tag, List<String> command) throws IOException, InterruptedException {
        Path out = dir.resolve(tag + ".stdout.txt");
        Path err = dir.resolve(tag + ".stderr.txt");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(repo.toFile())
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
        return new Result(process.exitValue(), stderr);
    }

    /** The repository root: system property policyrt.repo, else the nearest folder up holding export.py. */
    private static Path repositoryRoot() {
        String property = System.getProperty("policyrt.repo");
        if (property != null && Files.isRegularFile(Path.of(property, "policy-export/python/export.py"))) {
            return Path.of(property).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("policy-export/python/export.py"))) {
                return p;
            }
        }
        fail("cannot find policy-export/python/export.py from policyrt.repo=" + property + " or the working directory");
        return null;
    }
}
