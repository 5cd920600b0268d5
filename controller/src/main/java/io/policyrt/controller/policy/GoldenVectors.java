package io.policyrt.controller.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A policy file's golden vectors, {@code <name>.golden.json} next to {@code <name>.onnx}: the
 * exporter's observations and the actions PyTorch computed for them.
 */
record GoldenVectors(Path file, float[][] observations, float[][] actions) {
    /** The golden vectors next to {@code onnx}, or null when there are none. */
    static GoldenVectors nextTo(Path onnx) {
        String name = onnx.getFileName().toString();
        String base = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
        Path file = onnx.resolveSibling(base + ".golden.json");
        return Files.isRegularFile(file) ? read(file) : null;
    }

    static GoldenVectors read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new PolicyLoadException(file + ": cannot read the golden vectors: " + e.getMessage(), e);
        }
        float[][] obs = rows(root.get("observations"), file, "observations");
        float[][] act = rows(root.get("actions"), file, "actions");
        if (obs.length != act.length) {
            throw new PolicyLoadException(file + ": " + obs.length + " observations but " + act.length + " actions");
        }
        return new GoldenVectors(file, obs, act);
    }

    private static float[][] rows(JsonNode node, Path file, String key) {
        if (node == null || !node.isArray()) {
            throw new PolicyLoadException(file + ": '" + key + "' must be a list of rows");
        }
        float[][] out = new float[node.size()][];
        for (int r = 0; r < out.length; r++) {
            JsonNode row = node.get(r);
            out[r] = new float[row.size()];
            for (int i = 0; i < out[r].length; i++) {
                out[r][i] = (float) row.get(i).asDouble();
            }
        }
        return out;
    }

    /**
     * Runs {@code policy} on every golden observation.
     *
     * @return a note for {@link Policy#backend()}
     * @throws PolicyLoadException when an action differs by more than {@code tolerance}
     */
    String check(Policy policy, double tolerance) {
        float[] action = new float[policy.spec().actionSize()];
        double max = 0;
        for (int r = 0; r < observations.length; r++) {
            if (observations[r].length != policy.spec().observationSize() || actions[r].length != action.length) {
                throw new PolicyLoadException(file + ": row " + r + " does not match the policy's "
                        + policy.spec().observationSize() + " features and " + action.length + " actions");
            }
            policy.act(observations[r], action);
            for (int j = 0; j < action.length; j++) {
                double d = Math.abs((double) action[j] - actions[r][j]);
                max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(max, d);
            }
        }
        String note = String.format(Locale.ROOT, "golden vectors: max |difference| %.2e over %d", max, observations.length);
        if (max > tolerance) {
            throw new PolicyLoadException(file + ": the Java MLP evaluator differs from the golden actions (" + note
                    + "), more than the tolerance " + tolerance);
        }
        return note;
    }
}
