package io.policyrt.benchmarks;

import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicyBackend;
import io.policyrt.controller.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the policy a benchmark parameter names. */
public final class PolicyFiles {
    /** The shipped tracking policy, relative to the repository root. */
    public static final String SHIPPED = "policy-export/models/tracking-bc.onnx";
    /** The DSAC-T tracking policy (the demo's default), a 3x256 actor computed in float64. */
    public static final String DSACT = "policy-export/models/tracking-obstacle-v1-dsact.onnx";
    /** Parameter value for {@link SteeringLawPolicy}: the tick without ONNX Runtime. */
    public static final String STEERING_LAW = "java:steering-law";

    private PolicyFiles() {
    }

    /**
     * {@value #STEERING_LAW} gives the plain-Java policy; anything else is an ONNX policy file,
     * absolute or relative to the repository root ({@link RepositoryRoot}), on ONNX Runtime.
     */
    public static Policy open(String policyFile) {
        return open(policyFile, PolicyBackend.ONNXRUNTIME);
    }

    /**
     * As {@link #open(String)}, with the backend the runtime's {@code policy.backend} would choose:
     * {@code java} runs the file on the Java MLP evaluator (Vector API when the JVM has the module)
     * and fails when it cannot, {@code auto} as the runtime decides. Ignored for {@value #STEERING_LAW}.
     */
    public static Policy open(String policyFile, PolicyBackend backend) {
        if (STEERING_LAW.equals(policyFile)) {
            return new SteeringLawPolicy();
        }
        Path file = RepositoryRoot.resolve(policyFile);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no policy file " + file + " (from policyFile=" + policyFile
                    + "); pass another with -p policyFile=PATH");
        }
        return PolicyLoader.load(file, null, FeatureRegistry.tracking().names(), backend);
    }
}
