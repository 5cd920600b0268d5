package io.policyrt.launch.config;

import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.OnnxPolicy;
import io.policyrt.controller.policy.PolicyLoadException;
import io.policyrt.controller.policy.PolicyLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Finds the policy a configuration names: a file, or the policy bundled with the launcher. */
public final class PolicyResolver {
    /**
     * The demo's default policy, shipped in policy-export/models and on the launcher's classpath:
     * the DSAC-T tracking policy (models/README.md; the behaviour-cloned tracking-bc.onnx ships too).
     */
    public static final String BUNDLED = "tracking-obstacle-v1-dsact.onnx";

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
