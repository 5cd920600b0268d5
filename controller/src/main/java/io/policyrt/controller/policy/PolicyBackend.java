package io.policyrt.controller.policy;

import java.util.Locale;

/** What evaluates a policy file's graph (configuration key {@code policy.backend}). */
public enum PolicyBackend {
    /**
     * The Java MLP evaluator when the graph is a supported MLP and it agrees with ONNX Runtime on
     * the load-time probes (and the file's golden vectors); ONNX Runtime otherwise.
     */
    AUTO,
    /** ONNX Runtime, always. */
    ONNXRUNTIME,
    /** The Java MLP evaluator; loading fails when the graph is not a supported MLP. */
    JAVA;

    /** The configuration spelling: auto, onnxruntime, java. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a configuration value; null when it is none of {@code auto|onnxruntime|java}. */
    public static PolicyBackend parse(String value) {
        if (value == null) {
            return null;
        }
        for (PolicyBackend b : values()) {
            if (b.configName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return b;
            }
        }
        return null;
    }
}
