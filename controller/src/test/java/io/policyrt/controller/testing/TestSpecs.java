package io.policyrt.controller.testing;

import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.controller.policy.PolicySpecCodec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Policy specs for tests, built the way a policy file's metadata is read: as the flat key map
 * decoded by {@link PolicySpecCodec}.
 *
 * <p>The default is the tracking task with every feature of {@link FeatureRegistry#tracking()},
 * actions (v_mps in [-0.5, 1.0], w_radps in [-1.5, 1.5]) normalized to [-1, 1], 20 ms period.
 */
public final class TestSpecs {
    public static final double V_LOW_MPS = -0.5;
    public static final double V_HIGH_MPS = 1.0;
    public static final double W_LOW_RADPS = -1.5;
    public static final double W_HIGH_RADPS = 1.5;

    private TestSpecs() {
    }

    /** The metadata map of the default spec; a fresh, mutable copy each call. */
    public static Map<String, String> trackingMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PolicySpecCodec.SPEC_VERSION, "1");
        m.put(PolicySpecCodec.TASK, "path_tracking_obstacle");
        m.put(PolicySpecCodec.FEATURES, String.join(",", FeatureRegistry.tracking().names()));
        m.put(PolicySpecCodec.ACTIONS, "v_mps,w_radps");
        m.put(PolicySpecCodec.ACTION_LOW, V_LOW_MPS + "," + W_LOW_RADPS);
        m.put(PolicySpecCodec.ACTION_HIGH, V_HIGH_MPS + "," + W_HIGH_RADPS);
        m.put(PolicySpecCodec.ACTION_NORMALIZED, "true");
        m.put(PolicySpecCodec.CONTROL_PERIOD, "0.02");
        m.put(PolicySpecCodec.ROBOT_RADIUS, "0.3");
        m.put(PolicySpecCodec.PROVENANCE_PREFIX + "algorithm", "test");
        return m;
    }

    public static PolicySpec tracking() {
        return decode(trackingMetadata());
    }

    /** The default spec with its action graph output physical instead of normalized. */
    public static PolicySpec trackingPhysicalActions() {
        Map<String, String> m = trackingMetadata();
        m.put(PolicySpecCodec.ACTION_NORMALIZED, "false");
        return decode(m);
    }

    public static PolicySpec decode(Map<String, String> metadata) {
        return PolicySpecCodec.decode(metadata, "test");
    }

    /** The normalized action that maps to {@code physical} on [low, high]: 2 (x - low) / (high - low) - 1. */
    public static float normalized(double physical, double low, double high) {
        return (float) (2 * (physical - low) / (high - low) - 1);
    }
}
