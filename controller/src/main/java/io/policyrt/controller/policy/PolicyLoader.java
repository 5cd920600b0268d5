package io.policyrt.controller.policy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opens a policy file: the spec from the ONNX metadata or, for files exported by other tools
 * (GOPS {@code pkl2onnx}), from a sidecar YAML with the same keys; checks the spec against the
 * graph and against the features this runtime knows.
 */
public final class PolicyLoader {
    /** Sidecar name for {@code model.onnx}: {@code model.policy.yaml} in the same folder. */
    public static Path defaultSidecar(Path onnx) {
        String name = onnx.getFileName().toString();
        String base = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
        return onnx.resolveSibling(base + ".policy.yaml");
    }

    private PolicyLoader() {
    }

    /** Loads with the sidecar found next to the file, if the file itself carries no spec. */
    public static OnnxPolicy load(Path onnx, Collection<String> knownFeatures) {
        return load(onnx, null, knownFeatures);
    }

    /**
     * Loads a policy.
     *
     * @param sidecar explicit sidecar YAML, or null to use the metadata or the default sidecar
     * @param knownFeatures feature names the observation builder can compute
     * @throws PolicyLoadException with one message saying what is wrong and where
     */
    public static OnnxPolicy load(Path onnx, Path sidecar, Collection<String> knownFeatures) {
        if (!Files.isRegularFile(onnx)) {
            throw new PolicyLoadException(onnx + ": no such policy file");
        }
        OrtSession session;
        try {
            session = OrtEnvironment.getEnvironment().createSession(onnx.toString(), sessionOptions());
        } catch (OrtException e) {
            throw new PolicyLoadException(onnx + ": ONNX Runtime cannot load the graph: " + e.getMessage(), e);
        }
        try {
            PolicySpec spec = readSpec(onnx, sidecar, session);
            checkFeatures(spec, knownFeatures);
            return new OnnxPolicy(session, spec, spec.source());
        } catch (OrtException e) {
            closeQuietly(session);
            throw new PolicyLoadException(onnx + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    /** Reads only the spec (for inspection), with the same rules as {@link #load}. */
    public static PolicySpec readSpec(Path onnx, Path sidecar) {
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx.toString(), sessionOptions())) {
            return readSpec(onnx, sidecar, session);
        } catch (OrtException e) {
            throw new PolicyLoadException(onnx + ": ONNX Runtime cannot load the graph: " + e.getMessage(), e);
        }
    }

    private static PolicySpec readSpec(Path onnx, Path sidecar, OrtSession session) throws OrtException {
        Map<String, String> metadata = session.getMetadata().getCustomMetadata();
        if (sidecar == null && PolicySpecCodec.hasSpec(metadata)) {
            return PolicySpecCodec.decode(metadata, onnx + " (metadata)");
        }
        Path side = sidecar != null ? sidecar : defaultSidecar(onnx);
        if (!Files.isRegularFile(side)) {
            throw new PolicyLoadException(onnx + ": the file has no PolicyRT spec in its metadata (no '"
                    + PolicySpecCodec.PREFIX + "*' keys) and no sidecar spec " + side + " exists");
        }
        return PolicySpecCodec.decode(readSidecar(side), side + " (sidecar of " + onnx.getFileName() + ")");
    }

    /** Reads a sidecar YAML: a flat mapping of spec keys; lists may be YAML sequences. */
    static Map<String, String> readSidecar(Path side) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(side));
        } catch (IOException e) {
            throw new PolicyLoadException(side + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new PolicyLoadException(side + ": expected a mapping of policyrt.* keys");
        }
        Map<String, String> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            JsonNode v = e.getValue();
            if (v.isArray()) {
                StringBuilder sb = new StringBuilder();
                for (JsonNode item : v) {
                    if (sb.length() > 0) {
                        sb.append(',');
                    }
                    sb.append(item.asText());
                }
                out.put(e.getKey(), sb.toString());
            } else if (v.isValueNode()) {
                out.put(e.getKey(), v.asText());
            } else {
                throw new PolicyLoadException(side + ": key '" + e.getKey() + "' must be a value or a list");
            }
        }
        return out;
    }

    private static void checkFeatures(PolicySpec spec, Collection<String> known) {
        for (String f : spec.featureNames()) {
            if (!known.contains(f)) {
                throw new PolicyLoadException(spec.source() + ": unknown observation feature '" + f
                        + "' in policyrt.observation.features; this runtime knows " + known);
            }
        }
    }

    static OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        options.addConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // already failing; the first error is the one to report
        }
    }
}
