package io.policyrt.controller.policy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.policyrt.controller.policy.mlp.MlpEvaluator;
import io.policyrt.controller.policy.mlp.MlpEvaluators;
import io.policyrt.controller.policy.mlp.MlpGraph;
import io.policyrt.controller.policy.mlp.MlpPolicy;
import io.policyrt.controller.policy.mlp.OnnxModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a policy file: the spec from the ONNX metadata or, for files exported by other tools
 * (GOPS {@code pkl2onnx}), from a sidecar YAML with the same keys; checks the spec against the
 * graph and against the features this runtime knows.
 */
public final class PolicyLoader {
    /** Largest |Java - ONNX Runtime| (and |Java - golden|) on any action for the Java backend to run a file. */
    public static final double DEFAULT_AGREEMENT_TOLERANCE = 1e-5;
    /** Random observations compared at load, besides the file's golden vectors. */
    public static final int LOAD_PROBES = 256;

    private static final Logger LOG = LoggerFactory.getLogger(PolicyLoader.class);

    /** Sidecar name for {@code model.onnx}: {@code model.policy.yaml} in the same folder. */
    public static Path defaultSidecar(Path onnx) {
        String name = onnx.getFileName().toString();
        String base = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
        return onnx.resolveSibling(base + ".policy.yaml");
    }

    private PolicyLoader() {
    }

    /**
     * Loads a policy with the backend {@code backend} chooses ({@link PolicyBackend}), the agreement
     * tolerance {@link #DEFAULT_AGREEMENT_TOLERANCE}.
     */
    public static Policy load(Path onnx, Path sidecar, Collection<String> knownFeatures, PolicyBackend backend) {
        return load(onnx, sidecar, knownFeatures, backend, DEFAULT_AGREEMENT_TOLERANCE);
    }

    /**
     * Loads a policy on the backend {@code backend} chooses.
     *
     * <ul>
     *   <li>{@code onnxruntime}: as {@link #load(Path, Path, Collection)}.</li>
     *   <li>{@code java}: the Java MLP evaluator; a graph it does not run fails the load with the
     *       node and operator named. The file's golden vectors, when it has them, must agree
     *       within {@code tolerance}.</li>
     *   <li>{@code auto}: the Java MLP evaluator when it runs the graph and agrees with ONNX Runtime
     *       within {@code tolerance} on {@value #LOAD_PROBES} seeded random observations and on the
     *       golden vectors; ONNX Runtime otherwise, and {@link Policy#backend()} says why. A graph
     *       ONNX Runtime cannot load (a float64 erf GELU) runs in Java when its golden vectors agree.</li>
     * </ul>
     *
     * @param tolerance largest |difference| of any action value, e.g. 1e-5
     */
    public static Policy load(Path onnx, Path sidecar, Collection<String> knownFeatures, PolicyBackend backend,
            double tolerance) {
        if (backend == PolicyBackend.ONNXRUNTIME) {
            OnnxPolicy policy = load(onnx, sidecar, knownFeatures);
            policy.noteBackend("policy.backend is onnxruntime");
            return policy;
        }
        if (!Files.isRegularFile(onnx)) {
            throw new PolicyLoadException(onnx + ": no such policy file");
        }
        OnnxModelFile model;
        MlpGraph graph;
        try {
            model = OnnxModelFile.read(onnx);
            graph = MlpGraph.recognize(model, onnx.toString());
        } catch (PolicyLoadException e) {
            if (backend == PolicyBackend.JAVA) {
                throw e;
            }
            OnnxPolicy policy = load(onnx, sidecar, knownFeatures);
            policy.noteBackend("not a graph the Java MLP evaluator runs: " + e.getMessage());
            LOG.info("{}: runs on ONNX Runtime; {}", onnx, e.getMessage());
            return policy;
        }
        PolicySpec spec = readSpec(onnx, sidecar, model.metadata());
        checkFeatures(spec, knownFeatures);
        GoldenVectors golden = GoldenVectors.nextTo(onnx);
        MlpEvaluator evaluator = MlpEvaluators.create(graph);
        MlpPolicy probe = javaPolicy(graph, evaluator, spec, "");
        if (backend == PolicyBackend.JAVA) {
            String check = golden == null ? "" : "; " + golden.check(probe, tolerance);
            return chosen(onnx, javaPolicy(graph, evaluator, spec, "policy.backend is java" + check));
        }

        OnnxPolicy reference;
        try {
            reference = load(onnx, sidecar, knownFeatures);
        } catch (PolicyLoadException e) {
            if (golden == null || !e.getMessage().contains("ONNX Runtime cannot load")) {
                throw e;
            }
            // ONNX Runtime has no float64 Erf: PyTorch's golden vectors are the only reference.
            String check = golden.check(probe, tolerance);
            return chosen(onnx, javaPolicy(graph, evaluator, spec, "ONNX Runtime cannot load the graph; " + check));
        }
        try {
            Agreement agreement = compare(probe, reference, golden);
            if (agreement.maxError() <= tolerance) {
                String check = golden == null ? "" : "; " + golden.check(probe, tolerance);
                reference.close();
                return chosen(onnx, javaPolicy(graph, evaluator, spec, "agrees with ONNX Runtime: "
                        + agreement.describe() + " (tolerance " + tolerance + ")" + check));
            }
            reference.noteBackend("the Java MLP evaluator differs from ONNX Runtime: " + agreement.describe()
                    + ", above the tolerance " + tolerance);
            LOG.warn("{}: runs on ONNX Runtime; the Java MLP evaluator differs: {}", onnx, agreement.describe());
            return reference;
        } catch (RuntimeException e) {
            reference.close();
            throw e;
        }
    }

    private static Policy chosen(Path onnx, Policy policy) {
        LOG.info("{}: runs on {}", onnx, policy.backend());
        return policy;
    }

    private static MlpPolicy javaPolicy(MlpGraph graph, MlpEvaluator evaluator, PolicySpec spec, String note) {
        MlpPolicy policy = new MlpPolicy(graph, evaluator, spec, note);
        requireFiniteOnZeroObservation(policy, spec.source());
        return policy;
    }

    /** The largest difference between two backends over the probes. */
    record Agreement(double maxError, int observations) {
        String describe() {
            return String.format(Locale.ROOT, "max |difference| %.2e over %d observations", maxError, observations);
        }
    }

    /**
     * Runs both policies on {@value #LOAD_PROBES} seeded observations (uniform within each
     * feature's clip, or +-5 where it has none) and on the golden observations.
     */
    static Agreement compare(Policy candidate, Policy reference, GoldenVectors golden) {
        PolicySpec spec = reference.spec();
        int n = spec.observationSize();
        float[] obs = new float[n];
        float[] want = new float[spec.actionSize()];
        float[] got = new float[spec.actionSize()];
        SplittableRandom random = new SplittableRandom(0x5eedL);
        double max = 0;
        int count = 0;
        int goldenRows = golden == null ? 0 : golden.observations().length;
        for (int k = 0; k < LOAD_PROBES + goldenRows; k++) {
            if (k < LOAD_PROBES) {
                for (int i = 0; i < n; i++) {
                    double bound = Double.isFinite(spec.clip(i)) ? spec.clip(i) : 5.0;
                    obs[i] = (float) random.nextDouble(-bound, bound);
                }
            } else {
                float[] row = golden.observations()[k - LOAD_PROBES];
                if (row.length != n) {
                    continue;
                }
                System.arraycopy(row, 0, obs, 0, n);
            }
            reference.act(obs, want);
            candidate.act(obs, got);
            for (int j = 0; j < want.length; j++) {
                double d = Math.abs((double) got[j] - want[j]);
                max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(max, d);
            }
            count++;
        }
        return new Agreement(max, count);
    }

    /** Throws when the policy's action on the all-zero observation is not finite (NaN or Inf weights). */
    static void requireFiniteOnZeroObservation(Policy policy, String where) {
        PolicySpec spec = policy.spec();
        float[] obs = new float[spec.observationSize()];
        float[] act = new float[spec.actionSize()];
        policy.act(obs, act);
        for (int j = 0; j < act.length; j++) {
            if (!Float.isFinite(act[j])) {
                throw new PolicyLoadException(where + ": the graph returns a non-finite action (" + act[j] + " for "
                        + spec.actionNames().get(j) + ") on the all-zero observation; are its weights NaN or Inf?");
            }
        }
    }

    /** Loads with the sidecar found next to the file, if the file itself carries no spec; ONNX Runtime. */
    public static OnnxPolicy load(Path onnx, Collection<String> knownFeatures) {
        return load(onnx, null, knownFeatures);
    }

    /**
     * Loads a policy on ONNX Runtime.
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
        return readSpec(onnx, sidecar, session.getMetadata().getCustomMetadata());
    }

    /** The spec from the file's metadata, or from the sidecar when given or when the file has none. */
    private static PolicySpec readSpec(Path onnx, Path sidecar, Map<String, String> metadata) {
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
