package io.policyrt.controller.observation;

import io.policyrt.controller.policy.PolicySpec;

/**
 * Builds the policy's normalized observation from a snapshot and its geometry: the spec's
 * features in order, then (raw - shift) * scale clipped to +-clip. Features are resolved once at
 * construction.
 */
public final class ObservationBuilder {
    private final Feature[] features;
    private final double[] raw;
    private final float[] shift;
    private final float[] scale;
    private final float[] clip;

    public ObservationBuilder(PolicySpec spec, FeatureRegistry registry) {
        int n = spec.observationSize();
        features = new Feature[n];
        raw = new double[n];
        shift = new float[n];
        scale = new float[n];
        clip = new float[n];
        for (int i = 0; i < n; i++) {
            features[i] = registry.get(spec.featureNames().get(i));
            shift[i] = spec.shift(i);
            scale[i] = spec.scale(i);
            clip[i] = spec.clip(i);
        }
    }

    public int size() {
        return features.length;
    }

    /**
     * Fills {@code observation} from the snapshot and the geometry derived from it.
     *
     * @return true when every feature was finite as a double, after shift and scale, and as a
     *     float; a NaN or Inf is written through unchanged
     *     (never clipped into a plausible number) so the safety governor sees it
     */
    public boolean build(SensorSnapshot snapshot, TrackingGeometry geometry, float[] observation) {
        boolean finite = true;
        for (int i = 0; i < features.length; i++) {
            double v = features[i].value(snapshot, geometry);
            raw[i] = v;
            if (!Double.isFinite(v)) {
                finite = false;
                observation[i] = (float) v;
                continue;
            }
            float x = (float) ((v - shift[i]) * scale[i]);
            if (!Float.isFinite(x)) { // a finite double such as 1e39 is Inf as a float, or after scaling
                finite = false;
                observation[i] = x;
                continue;
            }
            observation[i] = x > clip[i] ? clip[i] : (x < -clip[i] ? -clip[i] : x);
        }
        return finite;
    }

    /** Raw (unnormalized) value of feature i from the last build. */
    public double raw(int i) {
        return raw[i];
    }
}
