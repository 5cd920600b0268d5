package io.policyrt.launch.config;

import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.OnnxPolicy;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicyBackend;
import io.policyrt.controller.policy.PolicyLoadException;
import io.policyrt.controller.policy.PolicyLoader;
import io.policyrt.sim.expert.PurePursuitPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Finds the policy a configuration names: a file, the policy bundled with the launcher, or the pure-pursuit expert. */
public final class PolicyResolver {
    /**
     * The demo's default policy, shipped in policy-export/models and on the launcher's classpath:
     * the DSAC-T tracking policy (models/README.md; the behaviour-cloned tracking-bc.onnx ships too).
     */
    public static final String BUNDLED = "tracking-obstacle-v1-dsact.onnx";
    /** The name that selects the pure-pursuit expert instead of a model. */
    public static final String EXPERT = "expert";

    private PolicyResolver() {
    }

    /** Resolves {@code file} against {@code baseDir}; "bundled" means the shipped default policy. */
    public static Path resolve(String file, Path baseDir) {
        if ("bundled".equals(file)) {
            return extractBundled(BUNDLED);
        }
        Path p = Path.of(file);
        return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
    }

    /**
     * The policy {@code file} names: "expert" is the simulator's pure-pursuit controller (a
     * baseline that needs no model), anything else an ONNX file as {@link #load} finds it.
     */
    public static Policy policy(String file, String sidecar, Path baseDir) {
        return EXPERT.equals(file) ? new PurePursuitPolicy() : load(file, sidecar, baseDir);
    }

    /**
     * As {@link #policy(String, String, Path)}, with the backend of {@code policy.backend}
     * (auto, onnxruntime, java; see {@link PolicyBackend}).
     */
    public static Policy policy(String file, String sidecar, Path baseDir, String backend) {
        if (EXPERT.equals(file)) {
            return new PurePursuitPolicy();
        }
        PolicyBackend b = PolicyBackend.parse(backend);
        if (b == null) {
            throw new PolicyLoadException("policy.backend must be auto, onnxruntime or java, got '" + backend + "'");
        }
        Path onnx = resolve(file, baseDir);
        Path side = sidecar == null ? null : (baseDir == null ? Path.of(sidecar) : baseDir.resolve(sidecar));
        return PolicyLoader.load(onnx, side, FeatureRegistry.tracking().names(), b);
    }

    public static OnnxPolicy load(String file, String sidecar, Path baseDir) {
        Path onnx = resolve(file, baseDir);
        Path side = sidecar == null ? null : (baseDir == null ? Path.of(sidecar) : baseDir.resolve(sidecar));
        return PolicyLoader.load(onnx, side, FeatureRegistry.tracking().names());
    }

    /** Copies a bundled model (and its sidecar, if any) out of the classpath into a temporary folder. */
    static Path extractBundled(String name) {
        try {
            Path dir = Files.createTempDirectory("policyrt-model");
            dir.toFile().deleteOnExit();
            Path target = dir.resolve(name);
            try (InputStream in = PolicyResolver.class.getResourceAsStream("/models/" + name)) {
                if (in == null) {
                    throw new PolicyLoadException("the bundled policy models/" + name + " is not on the classpath; rebuild the launcher");
                }
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            target.toFile().deleteOnExit();
            return target;
        } catch (IOException e) {
            throw new PolicyLoadException("cannot extract the bundled policy: " + e.getMessage(), e);
        }
    }
}
