package io.policyrt.launch.cli;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.OnnxPolicy;
import io.policyrt.controller.policy.PolicyLoader;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.launch.verify.GoldenCheck;
import io.policyrt.launch.verify.GoldenVectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code policyrt policy ...}: look at policy files and check them against their golden vectors. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Inspect and verify policy files.",
        subcommands = {PolicyCommand.Inspect.class, PolicyCommand.Verify.class})
public final class PolicyCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code policyrt policy inspect FILE}. */
    @Command(name = "inspect", mixinStandardHelpOptions = true, description = "Print a policy's spec, graph shapes and provenance.")
    public static final class Inspect implements Callable<Integer> {
        @Parameters(index = "0", description = "the .onnx file")
        Path file;

        @Option(names = "--sidecar", description = "sidecar spec YAML (default: <name>.policy.yaml beside the file, if the file has no metadata)")
        Path sidecar;

        @Option(names = "--backend", defaultValue = "auto",
                description = "policy.backend to report on: auto, onnxruntime or java (default: ${DEFAULT-VALUE})")
        String backend;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PolicySpec policySpec = PolicyLoader.readSpec(file, sidecar);
            var out = spec.commandLine().getOut();
            out.println("file:             " + file);
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                 OrtSession session = OrtEnvironment.getEnvironment().createSession(file.toString(), options)) {
                for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
                    out.println("graph input:      " + e.getKey() + " " + e.getValue().getInfo());
                }
                for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
                    out.println("graph output:     " + e.getKey() + " " + e.getValue().getInfo());
                }
            }
            out.println("backend:          " + backendLine(file, sidecar, backend));
            out.print(policySpec);
            // print() does not flush an auto-flushing PrintWriter; Main exits right after.
            out.flush();
            return 0;
        }
    }

    /** Which backend would run the file under {@code policy.backend}, and why (the loader's own check). */
    static String backendLine(Path file, Path sidecar, String backend) {
        io.policyrt.controller.policy.PolicyBackend b = io.policyrt.controller.policy.PolicyBackend.parse(backend);
        if (b == null) {
            return "--backend must be auto, onnxruntime or java, got '" + backend + "'";
        }
        try (io.policyrt.controller.policy.Policy policy = PolicyLoader.load(file, sidecar,
                io.policyrt.controller.observation.FeatureRegistry.tracking().names(), b)) {
            return policy.backend();
        } catch (io.policyrt.controller.policy.PolicyLoadException e) {
            return "none, the file does not load: " + e.getMessage();
        }
    }

    /**
     * {@code policyrt policy verify FILE [--golden DIR]}: runs the golden vectors through ONNX
     * Runtime. Exit 0 when every action agrees within the tolerance, 1 when one does not (with the
     * worst mismatch), 2 when the policy or the golden file cannot be read.
     */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Run a policy's golden vectors (<name>.golden.json, written by export.py) through ONNX Runtime "
                    + "and compare with the PyTorch actions. Exit 0: all agree; 1: a mismatch; 2: unreadable input.")
    public static final class Verify implements Callable<Integer> {
        /** export.py's contract: ONNX Runtime reproduces PyTorch's float32 actions to 1e-5. */
        static final double DEFAULT_TOLERANCE = 1e-5;

        @Parameters(index = "0", description = "the .onnx file")
        Path file;

        @Option(names = "--golden", description = "folder holding <name>.golden.json, or the golden file itself "
                + "(default: the policy's folder)")
        Path golden;

        @Option(names = "--sidecar", description = "sidecar spec YAML (default: <name>.policy.yaml beside the file, if the file has no metadata)")
        Path sidecar;

        @Option(names = "--tolerance", defaultValue = "1e-5", description = "largest allowed |ONNX Runtime - PyTorch| per action value (default: ${DEFAULT-VALUE})")
        double tolerance = DEFAULT_TOLERANCE;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
                throw new IllegalArgumentException("--tolerance must be a finite number >= 0, got " + tolerance);
            }
            Path goldenFile = golden != null && Files.isRegularFile(golden)
                    ? golden : GoldenVectors.defaultFile(file, golden);
            try (OnnxPolicy policy = PolicyLoader.load(file, sidecar, FeatureRegistry.tracking().names())) {
                PolicySpec policySpec = policy.spec();
                GoldenVectors vectors = GoldenVectors.read(goldenFile, policySpec.observationSize(), policySpec.actionSize());
                GoldenCheck check = GoldenCheck.run(policy, vectors, tolerance);
                if (check.ok()) {
                    spec.commandLine().getOut().printf(Locale.ROOT,
                            "OK %s: %d golden vectors x %d actions agree with %s, max |error| %.3g <= %.3g%n",
                            file.getFileName(), check.rows(), check.actionsPerRow(), goldenFile, check.maxError(), tolerance);
                    return 0;
                }
                spec.commandLine().getErr().printf(Locale.ROOT, "MISMATCH %s: %d of %d action values differ from %s by more than %.3g; %s%n",
                        file.getFileName(), check.mismatches(), check.rows() * check.actionsPerRow(), goldenFile, tolerance,
                        check.worst());
                return 1;
            }
        }
    }
}
