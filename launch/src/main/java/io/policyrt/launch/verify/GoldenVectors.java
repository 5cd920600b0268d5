package io.policyrt.launch.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden vectors as {@code export.py} writes them, {@code <name>.golden.json}:
 * {@code {"observations": [[...], ...], "actions": [[...], ...]}}, normalized observations and the
 * float32 actions PyTorch computed for them.
 */
public final class GoldenVectors {
    private final Path file;
    private final float[][] observations;
    private final float[][] actions;

    private GoldenVectors(Path file, float[][] observations, float[][] actions) {
        this.file = file;
        this.observations = observations;
        this.actions = actions;
    }

    /** {@code <dir>/<name>.golden.json} for {@code <name>.onnx}; dir defaults to the policy's folder. */
    public static Path defaultFile(Path onnx, Path dir) {
        String name = onnx.getFileName().toString();
        String base = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
        Path folder = dir != null ? dir : onnx.toAbsolutePath().getParent();
        return folder.resolve(base + ".golden.json");
    }

    /**
     * Reads and checks a golden file against the policy's sizes.
     *
     * @throws IllegalArgumentException naming the file and the fault (missing, not JSON, no rows,
     *         a row of the wrong width, a non-finite value)
     */
    public static GoldenVectors read(Path file, int observationSize, int actionSize) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such golden file (export.py writes <name>.golden.json)");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        JsonNode obs = root == null ? null : root.get("observations");
        JsonNode act = root == null ? null : root.get("actions");
        if (obs == null || act == null || !obs.isArray() || !act.isArray()) {
            throw new IllegalArgumentException(file + ": expected the arrays 'observations' and 'actions'");
        }
        if (obs.size() == 0 || obs.size() != act.size()) {
            throw new IllegalArgumentException(file + ": " + obs.size() + " observations and " + act.size()
                    + " actions; expected the same number, at least one");
        }
        float[][] o = rows(file, "observations", obs, observationSize);
        float[][] a = rows(file, "actions", act, actionSize);
        return new GoldenVectors(file, o, a);
    }

    private static float[][] rows(Path file, String what, JsonNode array, int width) {
        float[][] out = new float[array.size()][width];
        for (int r = 0; r < array.size(); r++) {
            JsonNode row = array.get(r);
            if (!row.isArray() || row.size() != width) {
                throw new IllegalArgumentException(file + ": " + what + " row " + r + " has "
                        + (row.isArray() ? row.size() : 0) + " values, the policy has " + width);
            }
            for (int i = 0; i < width; i++) {
                JsonNode v = row.get(i);
                if (!v.isNumber() || !Float.isFinite((float) v.asDouble())) {
                    throw new IllegalArgumentException(file + ": " + what + " row " + r + " value " + i
                            + " is not a finite number: " + v);
                }
                out[r][i] = (float) v.asDouble();
            }
        }
        return out;
    }

    public Path file() {
        return file;
    }

    public int size() {
        return observations.length;
    }

    public float[] observation(int row) {
        return observations[row].clone();
    }

    public float[] action(int row) {
        return actions[row].clone();
    }
}
