package io.policyrt.controller.policy.mlp;

import io.policyrt.controller.policy.PolicyLoadException;

/**
 * The graph is not one the MLP backend runs; the message names the node and operator that made it
 * so. Under {@code policy.backend: auto} the loader falls back to ONNX Runtime on this exception.
 */
public final class UnsupportedGraphException extends PolicyLoadException {
    public UnsupportedGraphException(String message) {
        super(message);
    }
}
