package io.policyrt.controller.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes a {@link PolicySpec} as the flat string map stored in an ONNX file's
 * {@code metadata_props} (or in a sidecar YAML with the same keys). The keys are documented in
 * the README ("Policy files"); lists are comma-separated.
 */
public final class PolicySpecCodec {
    public static final String PREFIX = "policyrt.";
    public static final String SPEC_VERSION = "policyrt.spec_version";
    public static final String TASK = "policyrt.task";
    public static final String FEATURES = "policyrt.observation.features";
    public static final String SHIFT = "policyrt.observation.shift";
    public static final String SCALE = "policyrt.observation.scale";
    public static final String CLIP = "policyrt.observation.clip";
    public static final String ACTIONS = "policyrt.action.names";
    public static final String ACTION_LOW = "policyrt.action.low";
    public static final String ACTION_HIGH = "policyrt.action.high";
    public static final String ACTION_NORMALIZED = "policyrt.action.normalized";
    public static final String CONTROL_PERIOD = "policyrt.control_period_s";
    public static final String ROBOT_RADIUS = "policyrt.robot.radius_m";
    public static final String LOOKAHEAD = "policyrt.observation.lookahead_m";
    public static final String PROVENANCE_PREFIX = "policyrt.provenance.";

    public static final int CURRENT_VERSION = 1;

    private static final List<String> REQUIRED = List.of(SPEC_VERSION, TASK, FEATURES, ACTIONS, ACTION_LOW, ACTION_HIGH,
            ACTION_NORMALIZED, CONTROL_PERIOD);

    private PolicySpecCodec() {
    }

    /** True when the map holds any PolicyRT key (so that the file is meant to carry its own spec). */
    public static boolean hasSpec(Map<String, String> metadata) {
        for (String k : metadata.keySet()) {
            if (k.startsWith(PREFIX)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses a spec.
     *
     * @param where names the file and the kind of source, prefixed to every error message
     * @throws PolicyLoadException naming the key and what is wrong with it
     */
    public static PolicySpec decode(Map<String, String> metadata, String where) {
        List<String> missing = new ArrayList<>();
        for (String key : REQUIRED) {
            if (!metadata.containsKey(key) || metadata.get(key).isBlank()) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            throw new PolicyLoadException(where + ": policy spec is missing required key(s) " + missing);
        }
        for (String key : metadata.keySet()) {
            if (key.startsWith(PREFIX) && !key.startsWith(PROVENANCE_PREFIX) && !REQUIRED.contains(key)
                    && !List.of(SHIFT, SCALE, CLIP, ROBOT_RADIUS, LOOKAHEAD).contains(key)) {
                throw new PolicyLoadException(where + ": unknown policy spec key '" + key + "'");
            }
        }
        int version = parseInt(metadata, SPEC_VERSION, where);
        if (version != CURRENT_VERSION) {
            throw new PolicyLoadException(where + ": " + SPEC_VERSION + " is " + version + ", this runtime reads version " + CURRENT_VERSION);
        }
        List<String> features = names(metadata, FEATURES, where);
        int n = features.size();
        float[] shift = floats(metadata, SHIFT, n, 0f, where);
        float[] scale = floats(metadata, SCALE, n, 1f, where);
        float[] clip = floats(metadata, CLIP, n, Float.POSITIVE_INFINITY, where);
        for (int i = 0; i < n; i++) {
            if (!(clip[i] > 0)) {
                throw new PolicyLoadException(where + ": " + CLIP + "[" + i + "] (" + features.get(i) + ") must be > 0, got " + clip[i]);
            }
            if (!Float.isFinite(shift[i]) || !Float.isFinite(scale[i])) {
                String key = Float.isFinite(shift[i]) ? SCALE : SHIFT;
                throw new PolicyLoadException(where + ": " + key + "[" + i + "] (" + features.get(i) + ") must be finite, got "
                        + (key.equals(SHIFT) ? shift[i] : scale[i]));
            }
        }
        List<String> actions = names(metadata, ACTIONS, where);
        int m = actions.size();
        double[] low = doubles(metadata, ACTION_LOW, m, where);
        double[] high = doubles(metadata, ACTION_HIGH, m, where);
        for (int j = 0; j < m; j++) {
            if (!(low[j] < high[j])) {
                throw new PolicyLoadException(where + ": " + ACTION_LOW + "[" + j + "] must be below " + ACTION_HIGH + "[" + j
                        + "] (action " + actions.get(j) + "), got low " + low[j] + ", high " + high[j]);
            }
        }
        String normalized = metadata.get(ACTION_NORMALIZED).trim();
        if (!normalized.equals("true") && !normalized.equals("false")) {
            throw new PolicyLoadException(where + ": " + ACTION_NORMALIZED + " must be true or false, got '" + normalized + "'");
        }
        double periodS = parseDouble(metadata, CONTROL_PERIOD, where);
        if (!(periodS > 0 && periodS <= 10)) {
            throw new PolicyLoadException(where + ": " + CONTROL_PERIOD + " must be in (0, 10] seconds, got " + periodS);
        }
        double radius = metadata.containsKey(ROBOT_RADIUS) ? parseDouble(metadata, ROBOT_RADIUS, where) : 0.3;
        if (!(radius >= 0 && radius < Double.POSITIVE_INFINITY)) {
            throw new PolicyLoadException(where + ": " + ROBOT_RADIUS + " must be a finite number >= 0 m, got " + metadata.get(ROBOT_RADIUS));
        }
        double lookahead = metadata.containsKey(LOOKAHEAD) ? parseDouble(metadata, LOOKAHEAD, where) : 0.8;
        if (!(lookahead > 0 && lookahead < Double.POSITIVE_INFINITY)) {
            throw new PolicyLoadException(where + ": " + LOOKAHEAD + " must be a finite number > 0 m, got " + metadata.get(LOOKAHEAD));
        }
        Map<String, String> provenance = new TreeMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey().startsWith(PROVENANCE_PREFIX)) {
                provenance.put(e.getKey().substring(PROVENANCE_PREFIX.length()), e.getValue());
            }
        }
        return new PolicySpec(version, metadata.get(TASK).trim(), features, shift, scale, clip, actions, low, high,
                Boolean.parseBoolean(normalized), Math.round(periodS * 1e9), radius, lookahead, provenance, where);
    }

    /** Writes a spec as the flat metadata map (the inverse of {@link #decode}). */
    public static Map<String, String> encode(PolicySpec spec) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SPEC_VERSION, Integer.toString(spec.specVersion()));
        m.put(TASK, spec.task());
        m.put(FEATURES, String.join(",", spec.featureNames()));
        m.put(SHIFT, join(spec.shiftArray()));
        m.put(SCALE, join(spec.scaleArray()));
        m.put(CLIP, join(spec.clipArray()));
        m.put(ACTIONS, String.join(",", spec.actionNames()));
        m.put(ACTION_LOW, join(spec.lowArray()));
        m.put(ACTION_HIGH, join(spec.highArray()));
        m.put(ACTION_NORMALIZED, Boolean.toString(spec.actionNormalized()));
        m.put(CONTROL_PERIOD, Double.toString(spec.controlPeriodNanos() / 1e9));
        m.put(ROBOT_RADIUS, Double.toString(spec.robotRadiusM()));
        m.put(LOOKAHEAD, Double.toString(spec.lookaheadM()));
        spec.provenance().forEach((k, v) -> m.put(PROVENANCE_PREFIX + k, v));
        return m;
    }

    private static String join(float[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(v[i]);
        }
        return sb.toString();
    }

    private static String join(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(v[i]);
        }
        return sb.toString();
    }

    private static List<String> names(Map<String, String> md, String key, String where) {
        List<String> out = new ArrayList<>();
        for (String part : md.get(key).split(",", -1)) {
            String name = part.trim();
            if (name.isEmpty()) {
                throw new PolicyLoadException(where + ": " + key + " has an empty name in '" + md.get(key) + "'");
            }
            if (out.contains(name)) {
                throw new PolicyLoadException(where + ": " + key + " names '" + name + "' twice");
            }
            out.add(name);
        }
        return out;
    }

    private static String[] parts(Map<String, String> md, String key, int n, String where) {
        String[] parts = md.get(key).split(",", -1);
        if (parts.length != 1 && parts.length != n) {
            throw new PolicyLoadException(where + ": " + key + " has " + parts.length + " values, expected 1 or " + n);
        }
        return parts;
    }

    private static float[] floats(Map<String, String> md, String key, int n, float dflt, String where) {
        float[] out = new float[n];
        if (!md.containsKey(key)) {
            java.util.Arrays.fill(out, dflt);
            return out;
        }
        String[] parts = parts(md, key, n, where);
        for (int i = 0; i < n; i++) {
            String p = parts[parts.length == 1 ? 0 : i].trim();
            try {
                out[i] = p.equalsIgnoreCase("inf") ? Float.POSITIVE_INFINITY : Float.parseFloat(p);
            } catch (NumberFormatException e) {
                throw new PolicyLoadException(where + ": " + key + " value '" + p + "' is not a number");
            }
        }
        return out;
    }

    private static double[] doubles(Map<String, String> md, String key, int n, String where) {
        String[] parts = md.get(key).split(",", -1);
        if (parts.length != n) {
            throw new PolicyLoadException(where + ": " + key + " has " + parts.length + " values, expected " + n + " (one per action)");
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new PolicyLoadException(where + ": " + key + " value '" + parts[i].trim() + "' is not a number");
            }
            if (!Double.isFinite(out[i])) {
                throw new PolicyLoadException(where + ": " + key + " value '" + parts[i].trim() + "' is not finite");
            }
        }
        return out;
    }

    private static int parseInt(Map<String, String> md, String key, String where) {
        try {
            return Integer.parseInt(md.get(key).trim());
        } catch (NumberFormatException e) {
            throw new PolicyLoadException(where + ": " + key + " must be an integer, got '" + md.get(key) + "'");
        }
    }

    private static double parseDouble(Map<String, String> md, String key, String where) {
        try {
            return Double.parseDouble(md.get(key).trim());
        } catch (NumberFormatException e) {
            throw new PolicyLoadException(where + ": " + key + " must be a number, got '" + md.get(key) + "'");
        }
    }
}
